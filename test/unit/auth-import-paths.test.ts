import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorAgentAuthFiles, cursorIdeStateDb } from '../../src/proxy/auth/cursor-paths.js';
import { defaultImportSources } from '../../src/proxy/auth/login-import.js';

describe("where Cursor's apps keep their login (reference §6.5)", () => {
  it('Linux: $XDG_CONFIG_HOME/cursor/auth.json, then ~/.config/cursor/auth.json; the IDE under ~/.config/Cursor', () => {
    const where = { env: { XDG_CONFIG_HOME: '/x/cfg' }, platform: 'linux' as const, home: '/home/u' };
    assert.deepEqual(cursorAgentAuthFiles(where), ['/x/cfg/cursor/auth.json', '/home/u/.config/cursor/auth.json']);
    assert.deepEqual(cursorAgentAuthFiles({ ...where, env: {} }), ['/home/u/.config/cursor/auth.json']);
    assert.equal(cursorIdeStateDb(where), '/home/u/.config/Cursor/User/globalStorage/state.vscdb');
  });

  it('macOS: the keychain first, then ~/.cursor/auth.json; the IDE under Application Support', () => {
    const where = { env: {}, platform: 'darwin' as const, home: '/Users/u' };
    assert.deepEqual(cursorAgentAuthFiles(where), ['/Users/u/.cursor/auth.json']);
    assert.equal(cursorIdeStateDb(where), '/Users/u/Library/Application Support/Cursor/User/globalStorage/state.vscdb');
    const sources = defaultImportSources(where, async () => undefined);
    assert.deepEqual(
      sources.map((source) => source.description),
      [
        'cursor-agent login in the macOS keychain',
        'cursor-agent login /Users/u/.cursor/auth.json',
        'Cursor IDE login /Users/u/Library/Application Support/Cursor/User/globalStorage/state.vscdb',
      ],
    );
  });

  it('Windows: %APPDATA%\\Cursor\\auth.json and %APPDATA%\\Cursor\\User\\globalStorage\\state.vscdb', () => {
    const where = { env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, platform: 'win32' as const, home: 'C:\\Users\\u' };
    assert.deepEqual(cursorAgentAuthFiles(where), ['C:\\Users\\u\\AppData\\Roaming\\Cursor\\auth.json']);
    assert.equal(cursorIdeStateDb(where), 'C:\\Users\\u\\AppData\\Roaming\\Cursor\\User\\globalStorage\\state.vscdb');
  });

  it('reads cursor-agent macOS keychain entries (account cursor-user) through the injected reader', async () => {
    const asked: string[] = [];
    const [keychain] = defaultImportSources({ env: {}, platform: 'darwin', home: '/Users/u' }, async (service, account) => {
      asked.push(`${service}/${account}`);
      return service === 'cursor-access-token' ? 'access' : undefined;
    });
    assert.deepEqual(await keychain.read(), { accessToken: 'access', refreshToken: undefined, apiKey: undefined });
    assert.deepEqual(asked.sort(), ['cursor-access-token/cursor-user', 'cursor-api-key/cursor-user', 'cursor-refresh-token/cursor-user']);
  });
});
