// The request record: every field filled for a streamed tool round trip and for an upstream
// failure, on the real engine over the fake Cursor; and the durable log the gateway writes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { startGateway as startWholeGateway } from '../../src/proxy/app/gateway.js';
import { readRequestLog } from '../../src/proxy/log/request-log.js';
import type { RequestRecord } from '../../src/proxy/log/request-record.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { startGateway, type Gateway } from '../helpers/gateway.js';
import { postRaw } from '../helpers/http.js';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

const records: RequestRecord[] = [];
let gateway: Gateway;

before(async () => {
  gateway = await startGateway({ app: { records: (record) => records.push(record) } });
});
after(() => gateway.close());

/** Resolves once `count` records have arrived: a record is made just after the response ends. */
async function recordsArrived(list: RequestRecord[], count: number): Promise<void> {
  for (let waited = 0; list.length < count; waited += 10) {
    if (waited > 10_000) assert.fail(`${list.length} records, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every field of the record type, for a turn that reached Cursor and ended with a result. */
function assertComplete(record: RequestRecord): void {
  for (const field of ['time', 'id', 'api', 'model', 'cursorModel', 'pool', 'stream', 'status', 'outcome', 'ttftMs', 'durationMs', 'inputTokens', 'outputTokens', 'toolCalls', 'runId'] as const) {
    assert.notEqual(record[field], undefined, `${field} is filled`);
  }
  assert.ok(!Number.isNaN(Date.parse(record.time)));
  assert.ok(record.ttftMs! <= record.durationMs);
}

describe('request records', () => {
  it('fills every field for both halves of a streamed tool round trip, on one run id', async () => {
    records.length = 0;
    gateway.fake.setScript(async (run) => {
      run.text('Checking.');
      run.tokenDelta(3);
      await run.toolCall({ name: 'get_weather', args: { city: 'Paris' }, toolCallId: 'toolu_r1' });
      run.text('It is sunny.');
      run.tokenDelta(4);
      run.turnEnded();
    });
    const client = gateway.anthropic();
    const question: Anthropic.MessageParam = { role: 'user', content: 'weather in Paris?' };
    const first = await client.messages.stream({ model: 'sonnet', max_tokens: 100, tools: [WEATHER_TOOL], messages: [question] }).finalMessage();
    assert.equal(first.stop_reason, 'tool_use');
    await client.messages
      .stream({
        model: 'sonnet',
        max_tokens: 100,
        tools: [WEATHER_TOOL],
        messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_r1', content: 'sunny' }] }],
      })
      .finalMessage();

    await recordsArrived(records, 2);
    assert.equal(records.length, 2);
    const [call, answer] = records as [RequestRecord, RequestRecord];
    assertComplete(call);
    assertComplete(answer);
    assert.deepEqual(
      { api: call.api, model: call.model, cursorModel: call.cursorModel, pool: call.pool, stream: call.stream, status: call.status, outcome: call.outcome, toolCalls: call.toolCalls, outputTokens: call.outputTokens },
      { api: 'anthropic', model: 'sonnet', cursorModel: 'claude-4.5-sonnet', pool: 'api', stream: true, status: 200, outcome: 'tool_use', toolCalls: 1, outputTokens: 3 },
    );
    assert.deepEqual({ outcome: answer.outcome, toolCalls: answer.toolCalls, outputTokens: answer.outputTokens }, { outcome: 'end_turn', toolCalls: 0, outputTokens: 4 });
    assert.equal(call.runId, gateway.fake.runs.at(-1)!.headers['x-request-id']);
    assert.equal(answer.runId, call.runId, 'the tool results continued the same run');
    assert.notEqual(answer.id, call.id);
    assert.ok(call.inputTokens! > 0);
    assert.equal(call.errorClass, undefined);
  });

  it('fills the failure fields for an upstream failure, with the status sent and no secret', async () => {
    records.length = 0;
    gateway.fake.setScript(async (run) => run.fail({ code: 'resource_exhausted', message: 'Too many requests for Bearer abc.def-ghi' }));
    const raw = await postRaw(gateway.url, '/v1/chat/completions', { model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(raw.status, 429);
    await recordsArrived(records, 1);
    assert.equal(records.length, 1);
    const record = records[0]!;
    assert.deepEqual(
      { api: record.api, model: record.model, stream: record.stream, status: record.status, outcome: record.outcome, errorClass: record.errorClass, toolCalls: record.toolCalls, ttftMs: record.ttftMs },
      { api: 'openai', model: 'gpt-5', stream: true, status: 429, outcome: 'rate_limited', errorClass: 'rate_limited', toolCalls: 0, ttftMs: undefined },
    );
    assert.equal(record.cursorModel, 'gpt-5');
    assert.equal(record.pool, 'api');
    assert.equal(record.runId, gateway.fake.runs.at(-1)!.headers['x-request-id']);
    assert.match(record.errorMessage!, /Too many requests/);
    assert.ok(!record.errorMessage!.includes('abc.def-ghi'), record.errorMessage);
    assert.ok(record.durationMs >= 0);
  });

  it('records a request refused before it reached Cursor (no messages)', async () => {
    records.length = 0;
    const raw = await postRaw(gateway.url, '/v1/messages', { model: 'sonnet', max_tokens: 10, stream: true });
    assert.equal(raw.status, 400);
    await recordsArrived(records, 1);
    assert.equal(records.length, 1);
    assert.deepEqual(
      { api: records[0]!.api, model: records[0]!.model, status: records[0]!.status, errorClass: records[0]!.errorClass, runId: records[0]!.runId, stream: records[0]!.stream },
      { api: 'anthropic', model: 'sonnet', status: 400, errorClass: 'invalid_request', runId: undefined, stream: true },
    );
  });
});

describe('the gateway writes the request log to the config dir', () => {
  it('appends one line per request that survives a restart', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'thalamus-log-'));
    try {
      const env = { THALAMUS_CONFIG_DIR: configDir, THALAMUS_API_KEY: 'thl_log_test_key_0123456789abcdef' };
      for (const text of ['first', 'second']) {
        const seen: RequestRecord[] = [];
        const whole = await startWholeGateway({ demo: true, port: 0, env, logger: silentLogger, announce: false, records: (record) => seen.push(record) });
        const raw = await postRaw(whole.url, '/v1/messages', { model: 'sonnet', max_tokens: 1024, messages: [{ role: 'user', content: text }] }, { 'x-api-key': env.THALAMUS_API_KEY });
        assert.equal(raw.status, 200);
        await recordsArrived(seen, 1);
        await whole.close();
      }
      const { records: logged, skipped } = await readRequestLog(configDir);
      assert.equal(skipped, 0);
      assert.equal(logged.length, 2);
      assert.ok(logged.every((record) => record.status === 200 && record.outcome === 'end_turn' && record.runId));
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
  });
});
