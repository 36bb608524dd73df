import assert from 'node:assert/strict';
import type { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { systemBrowserOpener } from '../../src/proxy/auth/open-browser.js';

const URL_WITH_QUERY = 'https://cursor.com/loginDeepControl?challenge=abc&uuid=u&mode=login&redirectTarget=cli';

type FakeChild = EventEmitter & { unrefs: number; unref(): void };

function recordingSpawn() {
  const calls: Array<{ command: string; args: readonly string[]; verbatim?: boolean }> = [];
  const children: FakeChild[] = [];
  const run = ((command: string, args: readonly string[], options: { windowsVerbatimArguments?: boolean }) => {
    calls.push({ command, args, verbatim: options.windowsVerbatimArguments });
    const child: FakeChild = Object.assign(new EventEmitter(), {
      unrefs: 0,
      unref() {
        child.unrefs++;
      },
    });
    children.push(child);
    return child as unknown as ChildProcess;
  }) as unknown as typeof spawn;
  return { calls, run, child: () => children[0] };
}

describe('opening the login page in the default browser', () => {
  it('uses open on macOS, xdg-open on Linux, and start (with & escaped) on Windows', () => {
    for (const [platform, command, args, verbatim] of [
      ['darwin', 'open', [URL_WITH_QUERY], false],
      ['linux', 'xdg-open', [URL_WITH_QUERY], false],
      ['win32', 'cmd', ['/c', 'start', '""', URL_WITH_QUERY.replaceAll('&', '^&')], true],
    ] as const) {
      const { calls, run, child } = recordingSpawn();
      systemBrowserOpener(platform, run)(URL_WITH_QUERY);
      assert.deepEqual(calls, [{ command, args, verbatim }]);
      assert.equal(child().unrefs, 1, 'the browser never keeps the CLI alive');
      // A missing opener is reported as an 'error' event: it must not crash the process.
      child().emit('error', new Error('spawn xdg-open ENOENT'));
    }
  });

  it('opens only web URLs', () => {
    const { calls, run } = recordingSpawn();
    assert.throws(() => systemBrowserOpener('linux', run)('file:///etc/passwd'), /only http\(s\) URLs/);
    assert.deepEqual(calls, []);
  });
});
