import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EngineSupervisor, type EngineChild, type StartPayload, type SupervisorSnapshot } from '../../src/main/engine-supervisor.js';
import type { EngineToMain, MainToEngine } from '../../src/shared/engine-protocol.js';
import { FakeClock } from '../helpers/fake-clock.js';

class FakeChild implements EngineChild {
  readonly sent: MainToEngine[] = [];
  killed = false;
  private onSend?: (message: MainToEngine) => void;
  private messageListener?: (message: EngineToMain) => void;
  private exitListener?: (code: number | null) => void;
  send(message: MainToEngine): void {
    this.sent.push(message);
    this.onSend?.(message);
  }
  /** The next message the supervisor sends to this engine. */
  nextSent(): Promise<MainToEngine> {
    return new Promise((resolve) => (this.onSend = resolve));
  }
  onMessage(listener: (message: EngineToMain) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
    this.exit(null);
  }
  emit(message: EngineToMain): void {
    this.messageListener?.(message);
  }
  exit(code: number | null): void {
    this.exitListener?.(code);
  }
}

/** Forks on demand; `next()` resolves with the next child the supervisor forks. */
class Forks {
  readonly children: FakeChild[] = [];
  private waiting: Array<(child: FakeChild) => void> = [];
  readonly fork = (): EngineChild => {
    const child = new FakeChild();
    this.children.push(child);
    const waiter = this.waiting.shift();
    waiter?.(child);
    return child;
  };
  next(): Promise<FakeChild> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

function setup(overrides: { payload?: () => Promise<StartPayload>; refreshToken?: () => Promise<string | null> } = {}) {
  const clock = new FakeClock();
  const forks = new Forks();
  const logs: string[] = [];
  const states: SupervisorSnapshot[] = [];
  let port = 3013;
  const supervisor = new EngineSupervisor({
    fork: forks.fork,
    startPayload: overrides.payload ?? (async () => ({ config: { host: '127.0.0.1', port, demo: false, configDir: '/cfg' }, token: 'tok' })),
    refreshToken: overrides.refreshToken ?? (async () => 'fresh'),
    onLog: (level, message) => logs.push(`${level}: ${message}`),
    clock,
    stopTimeoutMs: 5_000,
  });
  supervisor.onChange((snapshot) => states.push(snapshot));
  return { supervisor, clock, forks, logs, states, setPort: (next: number) => (port = next) };
}

async function startRunning(s: ReturnType<typeof setup>, url = 'http://127.0.0.1:3013'): Promise<FakeChild> {
  const next = s.forks.next();
  s.supervisor.start();
  const child = await next;
  child.emit({ type: 'started', url });
  return child;
}

describe('engine supervisor', () => {
  test('forks the engine, hands it config and token, and reports starting → running', async () => {
    const s = setup();
    const child = await startRunning(s);
    assert.deepEqual(child.sent, [{ type: 'start', config: { host: '127.0.0.1', port: 3013, demo: false, configDir: '/cfg' }, token: 'tok' }]);
    assert.deepEqual(
      s.states.map((state) => state.state),
      ['starting', 'running'],
    );
    assert.deepEqual(s.supervisor.snapshot(), { state: 'running', url: 'http://127.0.0.1:3013', demo: false });
  });

  test('restarts a crashed engine with back-off 1 s, 2 s, 4 s … 30 s', async () => {
    const s = setup();
    let child = await startRunning(s);
    const delays: number[] = [];
    for (let crash = 0; crash < 7; crash += 1) {
      child.exit(1);
      assert.equal(s.supervisor.snapshot().state, 'error');
      assert.match(s.supervisor.snapshot().error ?? '', /stopped unexpectedly \(exit code 1\)/);
      delays.push(s.clock.pending()[0]!);
      const next = s.forks.next();
      s.clock.advance(delays.at(-1)!);
      child = await next;
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  test('a minute of healthy running resets the back-off', async () => {
    const s = setup();
    let child = await startRunning(s);
    child.exit(1);
    let next = s.forks.next();
    s.clock.advance(1_000);
    child = await next;
    child.emit({ type: 'started', url: 'http://127.0.0.1:3013' });
    child.exit(1);
    assert.deepEqual(s.clock.pending(), [2_000], 'a quick second crash doubles the delay');
    next = s.forks.next();
    s.clock.advance(2_000);
    child = await next;
    child.emit({ type: 'started', url: 'http://127.0.0.1:3013' });
    s.clock.advance(60_000);
    child.exit(1);
    assert.deepEqual(s.clock.pending(), [1_000]);
  });

  test("the engine's own error message explains the failure", async () => {
    const s = setup();
    const next = s.forks.next();
    s.supervisor.start();
    const child = await next;
    child.emit({ type: 'error', message: 'Port 3013 is already in use by another program.' });
    child.exit(1);
    const snapshot = s.supervisor.snapshot();
    assert.equal(snapshot.state, 'error');
    assert.equal(snapshot.error, 'Port 3013 is already in use by another program.');
    assert.equal(snapshot.retryAt, s.clock.now() + 1_000);
  });

  test('stop asks the engine to stop, resolves when it exits, and does not restart it', async () => {
    const s = setup();
    const child = await startRunning(s);
    const stopped = s.supervisor.stop();
    assert.deepEqual(child.sent.at(-1), { type: 'stop' });
    child.emit({ type: 'stopped' });
    child.exit(0);
    await stopped;
    assert.equal(s.supervisor.snapshot().state, 'stopped');
    assert.deepEqual(s.clock.pending(), [], 'no restart and no kill timer left');
    assert.equal(child.killed, false);
  });

  test('an engine that does not stop in time is killed', async () => {
    const s = setup();
    const child = await startRunning(s);
    const stopped = s.supervisor.stop();
    s.clock.advance(5_000);
    await stopped;
    assert.equal(child.killed, true);
    assert.equal(s.supervisor.snapshot().state, 'stopped');
    assert.equal(s.forks.children.length, 1);
  });

  test('stop during the back-off wait cancels the restart', async () => {
    const s = setup();
    const child = await startRunning(s);
    child.exit(1);
    await s.supervisor.stop();
    s.clock.advance(60_000);
    assert.equal(s.forks.children.length, 1);
    assert.equal(s.supervisor.snapshot().state, 'stopped');
  });

  test('start during the back-off wait starts at once', async () => {
    const s = setup();
    const child = await startRunning(s);
    child.exit(1);
    const next = s.forks.next();
    s.supervisor.start();
    await next;
    assert.equal(s.forks.children.length, 2);
    assert.deepEqual(s.clock.pending(), []);
  });

  test('restart starts a fresh engine with the current payload', async () => {
    const s = setup();
    const first = await startRunning(s);
    s.setPort(4000);
    const next = s.forks.next();
    const restarted = s.supervisor.restart();
    first.exit(0);
    await restarted;
    const second = await next;
    assert.equal((second.sent[0] as Extract<MainToEngine, { type: 'start' }>).config.port, 4000);
  });

  test('start while a stop is under way starts again once the old engine is gone', async () => {
    const s = setup();
    const first = await startRunning(s);
    const stopped = s.supervisor.stop();
    s.supervisor.start();
    assert.equal(s.forks.children.length, 1, 'not two engines at once');
    const next = s.forks.next();
    first.exit(0);
    await stopped;
    await next;
    assert.equal(s.forks.children.length, 2);
  });

  test('a rejected token is refreshed and sent back; a failed refresh sends null', async () => {
    let refresh: () => Promise<string | null> = async () => 'fresh-token';
    const s = setup({ refreshToken: () => refresh() });
    const child = await startRunning(s);
    let reply = child.nextSent();
    child.emit({ type: 'token-rejected' });
    assert.deepEqual(await reply, { type: 'token', accessToken: 'fresh-token' });
    refresh = async () => Promise.reject(new Error('refresh failed'));
    reply = child.nextSent();
    child.emit({ type: 'token-rejected' });
    assert.deepEqual(await reply, { type: 'token', accessToken: null });
  });

  test('forwards logs, passes other messages to listeners, and ignores a dead engine', async () => {
    const s = setup();
    const seen: EngineToMain[] = [];
    s.supervisor.onEngineMessage((message) => seen.push(message));
    const first = await startRunning(s);
    first.emit({ type: 'log', level: 'warn', message: 'cursor run failed' });
    first.emit({ type: 'status', openRuns: 1, parkedRuns: 0, requestsToday: 3 });
    assert.deepEqual(s.logs, ['warn: cursor run failed']);
    assert.deepEqual(seen, [{ type: 'status', openRuns: 1, parkedRuns: 0, requestsToday: 3 }]);
    first.exit(1);
    first.emit({ type: 'status', openRuns: 9, parkedRuns: 9, requestsToday: 9 });
    assert.equal(seen.length, 1);
  });

  test('send reaches only a started engine', async () => {
    const s = setup();
    assert.equal(s.supervisor.send({ type: 'status' }), false);
    const next = s.forks.next();
    s.supervisor.start();
    const child = await next;
    assert.equal(s.supervisor.send({ type: 'status' }), false, 'not before `started`');
    child.emit({ type: 'started', url: 'http://127.0.0.1:1' });
    assert.equal(s.supervisor.send({ type: 'status' }), true);
    assert.deepEqual(child.sent.at(-1), { type: 'status' });
  });

  test('a failing start payload is an error with back-off', async () => {
    const s = setup({ payload: async () => Promise.reject(new Error('keychain locked')) });
    const failed = new Promise<SupervisorSnapshot>((resolve) => s.supervisor.onChange((snapshot) => snapshot.state === 'error' && resolve(snapshot)));
    s.supervisor.start();
    const snapshot = await failed;
    assert.equal(snapshot.error, 'The gateway could not start: keychain locked');
    assert.equal(s.forks.children.length, 0);
    assert.deepEqual(s.clock.pending(), [1_000]);
  });
});
