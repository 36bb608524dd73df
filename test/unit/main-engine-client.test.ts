import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EngineClient, STATUS_TIMEOUT_MS, type EngineLink } from '../../src/main/engine-client.js';
import type { SupervisorSnapshot } from '../../src/main/engine-supervisor.js';
import type { EngineToMain, MainToEngine } from '../../src/shared/engine-protocol.js';
import type { ChatEvent } from '../../src/shared/thalamus-api.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sampleUsageView } from '../helpers/usage.js';

class FakeLink implements EngineLink {
  running = true;
  readonly sent: MainToEngine[] = [];
  private messageListener?: (message: EngineToMain) => void;
  private changeListener?: (snapshot: SupervisorSnapshot) => void;
  send(message: MainToEngine): boolean {
    if (!this.running) return false;
    this.sent.push(message);
    return true;
  }
  onEngineMessage(listener: (message: EngineToMain) => void): () => void {
    this.messageListener = listener;
    return () => {};
  }
  onChange(listener: (snapshot: SupervisorSnapshot) => void): () => void {
    this.changeListener = listener;
    return () => {};
  }
  reply(message: EngineToMain): void {
    this.messageListener?.(message);
  }
  crash(): void {
    this.running = false;
    this.changeListener?.({ state: 'error', demo: false, error: 'gone' });
  }
}

const REQUEST = { model: 'sonnet', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('engine client', () => {
  test('status asks the engine and answers with its counters; the last ones when it is slow or gone', async () => {
    const link = new FakeLink();
    const clock = new FakeClock();
    const client = new EngineClient(link, clock);
    const asked = client.status();
    assert.deepEqual(link.sent, [{ type: 'status' }]);
    link.reply({ type: 'status', openRuns: 2, parkedRuns: 1, requestsToday: 7, lastError: 'Cursor is overloaded' });
    assert.deepEqual(await asked, { openRuns: 2, parkedRuns: 1, requestsToday: 7, lastError: 'Cursor is overloaded' });
    const slow = client.status();
    clock.advance(STATUS_TIMEOUT_MS);
    assert.equal((await slow)?.requestsToday, 7);
    link.running = false;
    assert.equal((await client.status())?.requestsToday, 7);
  });

  test('models: answered by request id; a failure carries the engine’s words', async () => {
    const link = new FakeLink();
    const client = new EngineClient(link);
    const first = client.listModels();
    const second = client.listModels();
    const [a, b] = link.sent as Array<Extract<MainToEngine, { type: 'models' }>>;
    link.reply({ type: 'models-failed', requestId: b!.requestId, message: 'Cursor did not accept the login. Log in again.' });
    link.reply({ type: 'models', requestId: a!.requestId, models: [{ id: 'gpt-5', displayName: 'GPT-5' }] });
    assert.deepEqual(await first, [{ id: 'gpt-5', displayName: 'GPT-5' }]);
    await assert.rejects(second, /Log in again/);
    link.running = false;
    await assert.rejects(client.listModels(), /not running/);
  });

  test('usage: the refresh flag goes to the engine; answered by request id', async () => {
    const link = new FakeLink();
    const client = new EngineClient(link);
    const asked = client.usage(true);
    const models = client.listModels();
    const [usage, list] = link.sent as [Extract<MainToEngine, { type: 'usage' }>, Extract<MainToEngine, { type: 'models' }>];
    assert.equal(usage.refresh, true);
    link.reply({ type: 'models', requestId: list.requestId, models: [] });
    link.reply({ type: 'usage', requestId: usage.requestId, usage: sampleUsageView(61) });
    assert.equal((await asked).meters.pools.api.percentUsed, 61);
    assert.deepEqual(await models, []);
    const failing = client.usage(false);
    link.reply({ type: 'usage-failed', requestId: (link.sent.at(-1) as { requestId: number }).requestId, message: 'The gateway is not running.' });
    await assert.rejects(failing, /not running/);
  });

  test('chat: events of its own id only, resolved by the final event, stop sends chat-stop', async () => {
    const link = new FakeLink();
    const client = new EngineClient(link);
    const events: ChatEvent[] = [];
    const abort = new AbortController();
    const chat = client.chat(REQUEST, (event) => events.push(event), abort.signal);
    const start = link.sent[0] as Extract<MainToEngine, { type: 'chat' }>;
    assert.deepEqual(start.request, REQUEST);
    link.reply({ type: 'chat-event', chatId: 'someone-else', event: { type: 'text', text: 'not mine' } });
    link.reply({ type: 'chat-event', chatId: start.chatId, event: { type: 'text', text: 'hel' } });
    abort.abort();
    assert.deepEqual(link.sent.at(-1), { type: 'chat-stop', chatId: start.chatId });
    link.reply({ type: 'chat-event', chatId: start.chatId, event: { type: 'done' } });
    await chat;
    assert.deepEqual(events, [{ type: 'text', text: 'hel' }, { type: 'done' }]);
  });

  test('a chat ends with an error when the engine is not running or goes away', async () => {
    const link = new FakeLink();
    const client = new EngineClient(link);
    const events: ChatEvent[] = [];
    const inFlight = client.chat(REQUEST, (event) => events.push(event));
    const models = client.listModels();
    link.crash();
    await inFlight;
    await assert.rejects(models, /stopped while answering/);
    await client.chat(REQUEST, (event) => events.push(event));
    assert.deepEqual(events, [
      { type: 'error', message: 'The gateway stopped while answering.' },
      { type: 'error', message: 'The gateway is not running. Start it from the tray menu.' },
    ]);
  });
});
