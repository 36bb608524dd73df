import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deepLinkFromArgv, parseDeepLink, routeDeepLink } from '../../src/main/deep-link.js';
import { capturingLogger } from '../helpers/auth.js';

const UUID = '3b241101-e2bb-4255-8caf-4136c566a962';

function recordingAuth() {
  const calls: string[] = [];
  return {
    calls,
    auth: {
      startBrowserLogin: () => {
        calls.push('start');
        return { url: 'https://cursor.com/loginDeepControl', done: Promise.resolve({ loggedIn: true, needsLogin: false }), cancel() {} };
      },
      pollNow: (uuid: string) => void calls.push(`poll ${uuid}`),
    },
  };
}

describe('thalamus:// deep links', () => {
  it('thalamus://login starts the browser login', () => {
    const { auth, calls } = recordingAuth();
    const { logger } = capturingLogger();
    assert.deepEqual(routeDeepLink('thalamus://login', auth, logger), { type: 'start-login' });
    assert.deepEqual(parseDeepLink('thalamus://login/'), { type: 'start-login' });
    assert.deepEqual(calls, ['start']);
  });

  it('thalamus://login/callback?uuid=<v4> polls that login now', () => {
    const { auth, calls } = recordingAuth();
    const { logger } = capturingLogger();
    assert.deepEqual(routeDeepLink(`thalamus://login/callback?uuid=${UUID.toUpperCase()}`, auth, logger), { type: 'login-callback', uuid: UUID });
    assert.deepEqual(calls, [`poll ${UUID}`]);
  });

  it('ignores anything else with a log line, and never calls the auth service', () => {
    const { auth, calls } = recordingAuth();
    const { logger, lines } = capturingLogger();
    const links = [
      'thalamus://login/callback?uuid=not-a-uuid',
      'thalamus://login/callback',
      `thalamus://login/callback?uuid=${UUID.replace('-4', '-1')}`,
      'thalamus://logout',
      'thalamus://run?cmd=rm%20-rf%20~',
      `https://evil.example/login/callback?uuid=${UUID}`,
      'not a url',
    ];
    for (const link of links) assert.equal(routeDeepLink(link, auth, logger).type, 'ignored', link);
    assert.deepEqual(calls, []);
    assert.equal(lines.length, links.length);
    assert.ok(lines.every((line) => JSON.parse(line).message === 'deep link ignored'));
    // The query of an unknown link is not logged.
    assert.ok(lines.every((line) => !line.includes('rm%20-rf')));
  });

  it('finds the link in a second instance argv', () => {
    assert.equal(deepLinkFromArgv(['/opt/Thalamus/thalamus', '--no-sandbox', `thalamus://login/callback?uuid=${UUID}`]), `thalamus://login/callback?uuid=${UUID}`);
    assert.equal(deepLinkFromArgv(['C:\\Thalamus\\Thalamus.exe', '--allow-file-access-from-files', 'THALAMUS://login']), 'THALAMUS://login');
    assert.equal(deepLinkFromArgv(['/opt/Thalamus/thalamus', '--flag']), undefined);
    assert.deepEqual(parseDeepLink('THALAMUS://LOGIN'), { type: 'start-login' });
  });
});
