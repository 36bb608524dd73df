// Importing an existing Cursor login, read-only: cursor-agent's auth.json and the Cursor IDE's
// state.vscdb (generated here with better-sqlite3), then renewing it against the fake.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import type { CursorAuthService } from '../../src/proxy/auth/cursor-auth-service.js';
import { cursorAgentFileSource, cursorIdeSource } from '../../src/proxy/auth/login-import.js';
import { FastClock, authOnFake, removeDir, renewalCalls, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
let cursorHome: string;
let auth: CursorAuthService | undefined;

before(async () => (fake = await startFakeCursor()));
after(() => fake.close());
beforeEach(async () => {
  dir = await tempConfigDir();
  cursorHome = await tempConfigDir();
});
afterEach(async () => {
  await auth?.close();
  auth = undefined;
  await removeDir(dir);
  await removeDir(cursorHome);
});

/** A state.vscdb shaped like the IDE's: an ItemTable of key/value rows. */
function writeStateDb(path: string, rows: Record<string, string>): void {
  const db = new Database(path);
  db.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
  const insert = db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries({ 'workbench.panel.width': '300', ...rows })) insert.run(key, value);
  db.close();
}

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('importing an existing Cursor login', () => {
  it("imports the Cursor IDE's state.vscdb read-only, and renews with its refresh token", async () => {
    const dbPath = join(cursorHome, 'state.vscdb');
    const tokens = fake.auth.issueTokens({ email: 'ide@example.com', ttlSeconds: 60 });
    writeStateDb(dbPath, {
      'cursorAuth/accessToken': tokens.accessToken,
      'cursorAuth/refreshToken': tokens.refreshToken,
      'cursorAuth/cachedEmail': 'ide@example.com',
    });
    const before = await sha256(dbPath);
    auth = await authOnFake(fake, dir, { clock: new FastClock(), importSources: [cursorAgentFileSource(join(cursorHome, 'missing.json')), cursorIdeSource(dbPath)] });

    const account = await auth.importExisting();
    assert.deepEqual([account.method, account.email, account.loggedIn], ['import-cursor-ide', 'ide@example.com', true]);
    assert.equal(await sha256(dbPath), before, 'the IDE database is not modified');
    const renewed = await auth.getAccessToken();
    assert.notEqual(renewed, tokens.accessToken);
    assert.deepEqual(renewalCalls(fake).at(-1), { path: '/auth/exchange_user_api_key', status: 200, credential: 'refresh-token' });
  });

  it("imports cursor-agent's auth.json first, and exchanges an API key found there", async () => {
    const agentFile = join(cursorHome, 'cursor', 'auth.json');
    await mkdir(join(cursorHome, 'cursor'));
    fake.auth.addApiKey('key_agent_1', { email: 'agent@example.com' });
    await writeFile(agentFile, JSON.stringify({ apiKey: 'key_agent_1' }));
    const dbPath = join(cursorHome, 'state.vscdb');
    writeStateDb(dbPath, { 'cursorAuth/accessToken': fake.auth.issueTokens().accessToken });
    auth = await authOnFake(fake, dir, { importSources: [cursorAgentFileSource(agentFile), cursorIdeSource(dbPath)] });

    const account = await auth.importExisting();
    assert.deepEqual([account.method, account.email], ['import-cursor-agent', 'agent@example.com']);
    assert.equal(renewalCalls(fake).at(-1)?.credential, 'api-key');
  });

  it('imports an auth.json with access and refresh tokens as they are', async () => {
    const agentFile = join(cursorHome, 'auth.json');
    const tokens = fake.auth.issueTokens({ email: 'file@example.com' });
    await writeFile(agentFile, JSON.stringify(tokens));
    auth = await authOnFake(fake, dir, { importSources: [cursorAgentFileSource(agentFile)] });
    assert.equal((await auth.importExisting()).email, 'file@example.com');
    assert.equal(await auth.getAccessToken(), tokens.accessToken);
  });

  it('says where it looked when there is nothing usable', async () => {
    const agentFile = join(cursorHome, 'auth.json');
    await writeFile(agentFile, JSON.stringify({ accessToken: fake.auth.issueTokens({ ttlSeconds: -60 }).accessToken }));
    const emptyDb = join(cursorHome, 'state.vscdb');
    writeStateDb(emptyDb, {});
    auth = await authOnFake(fake, dir, {
      importSources: [cursorAgentFileSource(agentFile), cursorIdeSource(emptyDb), cursorIdeSource(join(cursorHome, 'none.vscdb'))],
    });
    await assert.rejects(auth.importExisting(), (error: Error) => {
      assert.match(error.message, /No Cursor login could be imported/);
      assert.match(error.message, /auth\.json: its access token has expired and it has no refresh token/);
      assert.match(error.message, /state\.vscdb: not found/);
      assert.match(error.message, /none\.vscdb: not found/);
      return true;
    });
    assert.equal(auth.account().loggedIn, false);
  });
});
