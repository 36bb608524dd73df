import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EngineChannel } from '../../src/main/engine-channel.js';
import { EngineHost, startFailureMessage } from '../../src/main/engine-host.js';
import type { GatewayOptions, RunningGateway } from '../../src/proxy/app/gateway.js';
import type { EngineToMain } from '../../src/shared/engine-protocol.js';
import { TrafficCapture } from '../../src/proxy/log/capture.js';

const CONFIG = { host: '127.0.0.1', port: 3013, demo: false, configDir: '/cfg' };

function fakeChannel() {
  const posted: EngineToMain[] = [];
  let listener: (message: unknown) => void = () => {};
  const waiters: Array<{ type: string; resolve: (message: EngineToMain) => void }> = [];
  const channel: EngineChannel = {
    post: async (message) => {
      posted.push(message);
      waiters.filter((waiter) => waiter.type === message.type).forEach((waiter) => waiter.resolve(message));
    },
    onMessage: (l) => void (listener = l),
    onParentGone: () => {},
  };
  return {
    channel,
    posted,
    send: (message: unknown) => listener(message),
    next: (type: EngineToMain['type']) => new Promise<EngineToMain>((resolve) => waiters.push({ type, resolve })),
  };
}

describe('engine host', () => {
  test('a gateway that cannot start is reported in words, then the process exits 1', async () => {
    const fake = fakeChannel();
    let exited!: (code: number) => void;
    const exit = new Promise<number>((resolve) => (exited = resolve));
    const failure = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    new EngineHost({ channel: fake.channel, startGateway: async () => Promise.reject(failure), env: {}, exit: exited });
    const error = fake.next('error');
    fake.send({ type: 'start', config: CONFIG, token: 'tok' });
    assert.deepEqual(await error, { type: 'error', message: 'Port 3013 is already in use by another program. Choose another port in Settings.' });
    assert.equal(await exit, 1);
  });

  test('starts with the relayed token and the config dir, stops cleanly, drops unknown messages', async () => {
    const fake = fakeChannel();
    let exited!: (code: number) => void;
    const exit = new Promise<number>((resolve) => (exited = resolve));
    let options: GatewayOptions | undefined;
    let closed = false;
    const gateway = {
      url: 'http://127.0.0.1:3013',
      engine: { stats: () => ({ openRuns: 0, parkedRuns: 0 }) },
      activity: { snapshot: () => ({ requestsToday: 2 }) },
      capture: new TrafficCapture('/cfg', false),
      close: async () => void (closed = true),
    } as unknown as RunningGateway;
    new EngineHost({
      channel: fake.channel,
      startGateway: async (given) => ((options = given), gateway),
      env: { THALAMUS_MODEL_MAP: '{}' },
      exit: exited,
    });
    fake.send({ type: 'launch-missiles' });
    const started = fake.next('started');
    fake.send({ type: 'start', config: CONFIG, token: 'user_1::tok' });
    assert.deepEqual(await started, { type: 'started', url: 'http://127.0.0.1:3013' });
    assert.equal(options?.env?.THALAMUS_CONFIG_DIR, '/cfg');
    assert.equal(options?.demo, false);
    assert.equal(await options?.tokenProvider?.getAccessToken(), 'tok');
    assert.equal(JSON.stringify(options?.env).includes('tok'), false, 'the token is not put in the environment');

    const status = fake.next('status');
    fake.send({ type: 'status' });
    assert.deepEqual(await status, { type: 'status', openRuns: 0, parkedRuns: 0, requestsToday: 2 });

    // Traffic capture is read and switched in the engine's gateway.
    const read = fake.next('capture');
    fake.send({ type: 'capture', requestId: 7 });
    assert.deepEqual(await read, { type: 'capture', requestId: 7, enabled: false });
    const switched = fake.next('capture');
    fake.send({ type: 'capture', requestId: 8, enabled: true });
    assert.deepEqual(await switched, { type: 'capture', requestId: 8, enabled: true });
    assert.equal(gateway.capture.enabled, true);

    // A fallback in the gateway reaches main, for the tray notification.
    const fallback = fake.next('fallback');
    options?.onFallback?.({ requested: 'gpt-5', answered: 'composer-1', reason: 'quota_exhausted' });
    assert.deepEqual(await fallback, { type: 'fallback', requested: 'gpt-5', answered: 'composer-1', reason: 'quota_exhausted' });

    fake.send({ type: 'stop' });
    assert.equal(await exit, 0);
    assert.equal(closed, true);
    assert.deepEqual(fake.posted.map((message) => message.type), ['started', 'status', 'capture', 'capture', 'fallback', 'stopped']);
  });

  test('other start failures keep their reason, with anything token-shaped masked', () => {
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4eHh4eHh4In0.c2lnbmF0dXJlMTI';
    assert.equal(
      startFailureMessage(Object.assign(new Error('permission denied'), { code: 'EACCES' }), { ...CONFIG, port: 80 }),
      'Thalamus is not allowed to listen on port 80. Choose a port above 1024 in Settings.',
    );
    assert.equal(startFailureMessage(new Error(`bad ${jwt}`), CONFIG), 'The gateway could not start: bad [redacted]');
  });
});
