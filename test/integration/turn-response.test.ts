// The shared turn driver against a scripted stub Engine: what reaches the client for event
// orders the fake Cursor server cannot easily produce.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CursorModel, Engine, TurnOptions } from '../../src/proxy/engine-api.js';
import { UpstreamError, type TurnEvent } from '../../src/proxy/events.js';
import type { Logger } from '../../src/proxy/log/logger.js';
import { DEFAULT_MODEL_MAP } from '../../src/proxy/model-resolution.js';
import { createApp, startServer, type RunningServer } from '../../src/proxy/http/server.js';
import { validateAnthropicSse } from '../helpers/anthropic-sse-validator.js';
import { CLIENT_KEY } from '../helpers/gateway.js';
import { postRaw } from '../helpers/http.js';

type Turn = (options: TurnOptions) => AsyncIterable<TurnEvent>;

let turn: Turn;
let server: RunningServer;
const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
const log: Logger = {
  info: (message, fields) => logged.push({ level: 'info', message, fields }),
  warn: (message, fields) => logged.push({ level: 'warn', message, fields }),
  error: (message, fields) => logged.push({ level: 'error', message, fields }),
};
const models: CursorModel[] = [{ id: 'gpt-5', displayName: 'GPT-5', aliases: [], thinking: false }];
const engine: Engine = {
  runTurn: (_conversation, options) => turn(options),
  listModels: async () => models,
  stats: () => ({ openRuns: 0, parkedRuns: 0 }),
  close: async () => {},
};

before(async () => {
  const app = createApp({
    engine,
    clientKey: CLIENT_KEY,
    version: 't',
    upstreamBaseUrl: 'http://stub',
    tokenStatus: () => ({ loggedIn: false }),
    modelMap: { ...DEFAULT_MODEL_MAP },
    log,
  });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });
});
after(() => server.close());

const anthropicBody = (stream: boolean) => ({ model: 'gpt-5', max_tokens: 5, stream, messages: [{ role: 'user', content: 'x' }] });
const end: TurnEvent = { type: 'end', reason: 'end_turn', usage: { inputTokens: 3, outputTokens: 1 } };

describe('turn driver', () => {
  it('keeps a usage-only start from committing to 200: a following error is a real status', async () => {
    turn = async function* () {
      yield { type: 'usage', usage: { inputTokens: 10 } };
      yield { type: 'builtin_rejected', tool: 'shell', detail: 'not allowed' };
      yield { type: 'error', error: new UpstreamError('rate_limited', 'slow down', { retryAfterSeconds: 7 }) };
    };
    const raw = await postRaw(server.url, '/v1/messages', anthropicBody(true));
    assert.equal(raw.status, 429);
    assert.equal(raw.headers['retry-after'], '7');
    assert.ok(logged.some((entry) => entry.message === 'cursor built-in tool refused' && entry.fields?.tool === 'shell'));
  });

  it('shows builtin_rejected as nothing in the stream', async () => {
    turn = async function* () {
      yield { type: 'text', text: 'a' };
      yield { type: 'builtin_rejected', tool: 'write', detail: 'x' };
      yield { type: 'text', text: 'b' };
      yield end;
    };
    const { events } = validateAnthropicSse((await postRaw(server.url, '/v1/messages', anthropicBody(true))).body);
    const text = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [])).join('');
    assert.equal(text, 'ab');
  });

  it('turns an iteration that ends without end/error into a 500, or an error event once streaming', async () => {
    turn = async function* () {};
    assert.equal((await postRaw(server.url, '/v1/messages', anthropicBody(false))).status, 500);
    turn = async function* () {
      yield { type: 'text', text: 'half' };
    };
    // An internal failure is not one a retry fixes (events.ts ERROR_KIND_TRAITS): said in the stream.
    const raw = await postRaw(server.url, '/v1/chat/completions', { model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'x' }] });
    assert.equal(raw.status, 200);
    assert.match(raw.body, /half[\s\S]*the turn ended without a result from Cursor/);
  });

  it('turns an engine that throws into a 500 in the caller shape', async () => {
    turn = async function* () {
      throw new Error('engine bug');
    };
    const raw = await postRaw(server.url, '/v1/chat/completions', { model: 'gpt-5', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(raw.status, 500);
    assert.equal((JSON.parse(raw.body) as { error: { type: string } }).error.type, 'server_error');
  });

  it('lets the engine finish by itself after `end` instead of cancelling it', async () => {
    let finishedNormally = false;
    turn = async function* () {
      yield { type: 'end', reason: 'tool_use', usage: { inputTokens: 1, outputTokens: 1 } } as TurnEvent;
      // A parked run would be cancelled by an early return(); reaching here means it was not.
      finishedNormally = true;
    };
    const raw = await postRaw(server.url, '/v1/messages', anthropicBody(false));
    assert.equal(raw.status, 200);
    assert.equal(finishedNormally, true);
  });

  it('passes the resolved model and an abort signal to the engine', async () => {
    let seen: TurnOptions | undefined;
    turn = async function* (options) {
      seen = options;
      yield end;
    };
    await postRaw(server.url, '/v1/messages', { ...anthropicBody(false), model: 'cursor:gpt-5-thinking' });
    assert.deepEqual(seen?.model, { id: 'gpt-5-thinking', thinking: true });
    assert.equal(seen?.signal.aborted, false);
  });

  it('a turn where Cursor reports no usage answers with the local estimate, streamed or not, in every API', async () => {
    turn = async function* () {
      yield { type: 'text', text: 'hi' };
      yield { type: 'end', reason: 'end_turn', usage: { inputTokens: 0, outputTokens: 1 } };
    };
    const content = 'count these words please';
    const openai = { model: 'gpt-5', messages: [{ role: 'user', content }] };
    const json = JSON.parse((await postRaw(server.url, '/v1/chat/completions', openai)).body);
    assert.ok(json.usage.prompt_tokens > 0, `non-streamed prompt_tokens: ${JSON.stringify(json.usage)}`);
    const streamed = (await postRaw(server.url, '/v1/chat/completions', { ...openai, stream: true, stream_options: { include_usage: true } })).body;
    const usageChunk = streamed.split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6))).find((chunk) => chunk.usage);
    assert.equal(usageChunk.usage.prompt_tokens, json.usage.prompt_tokens);
    const anthropic = JSON.parse((await postRaw(server.url, '/v1/messages', { ...anthropicBody(false), messages: [{ role: 'user', content }] }, { 'anthropic-version': '2023-06-01' })).body);
    assert.ok(anthropic.usage.input_tokens > 0);
  });
});
