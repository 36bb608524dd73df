// The OpenAI front end through the `openai` SDK and raw HTTP, on the real engine over the
// fake Cursor server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { assertCancelledBeforeReset, mcpResultText, parallelWeatherScript, requestContextOf, userMessageOf } from '../helpers/fake-run.js';
import { ERROR_ROWS, ScriptedPoolStatus } from '../helpers/error-rows.js';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { httpRaw, postRaw } from '../helpers/http.js';
import { validateOpenAISse } from '../helpers/openai-sse-validator.js';

const MODEL = 'claude-4.5-sonnet';
const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const bearer = { authorization: `Bearer ${CLIENT_KEY}` };

let gateway: Gateway;
let client: OpenAI;
const pool = new ScriptedPoolStatus();

before(async () => {
  gateway = await startGateway({ engine: { poolStatus: pool } });
  client = gateway.openai();
});
after(() => gateway.close());

const lastRun = () => gateway.fake.runs.at(-1)!;

describe('OpenAI Chat Completions: answers', () => {
  it('returns a non-streaming completion with system folded into the Cursor rules', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('Hello');
      run.text(' there');
      run.turnEnded();
    });
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: 'hi' },
      ],
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, MODEL);
    assert.equal(completion.choices[0]!.message.content, 'Hello there');
    assert.equal(completion.choices[0]!.finish_reason, 'stop');
    assert.equal(completion.usage!.total_tokens, completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    assert.equal(requestContextOf(lastRun().request).cloudRule, 'Be brief.\n\nAnswer in English.');
    assert.equal(lastRun().request.modelDetails?.modelId, 'claude-4.5-sonnet');
  });

  it('streams through the SDK with include_usage, and the raw SSE passes the validator', async () => {
    gateway.fake.setScript(async (run) => {
      for (const word of ['a ', 'b ', 'c']) run.text(word);
      run.turnEnded();
    });
    const stream = await client.chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, 'a b c');
    assert.ok(usage && usage.prompt_tokens > 0);

    const withUsage = await postRaw(gateway.url, '/v1/chat/completions', { model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] }, bearer);
    assert.equal(withUsage.status, 200);
    assert.equal(validateOpenAISse(withUsage.body, { includeUsage: true }).content, 'a b c');
    const plain = await postRaw(gateway.url, '/v1/chat/completions', { model: MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] }, bearer);
    assert.equal(validateOpenAISse(plain.body, { includeUsage: false }).finishReason, 'stop');
  });

  it('sends reasoning_content when reasoning_effort picks the thinking variant', async () => {
    gateway.fake.setScript(async (run) => {
      run.thinking('pondering');
      run.thinkingCompleted(5);
      run.text('42');
      run.turnEnded();
    });
    const raw = await postRaw(gateway.url, '/v1/chat/completions', { model: MODEL, stream: true, reasoning_effort: 'high', messages: [{ role: 'user', content: 'q' }] }, bearer);
    const summary = validateOpenAISse(raw.body, { includeUsage: false });
    assert.equal(summary.reasoning, 'pondering');
    assert.equal(summary.content, '42');
    assert.equal(lastRun().request.modelDetails?.modelId, 'claude-4.5-sonnet-thinking');

    const completion = await client.chat.completions.create({ model: MODEL, reasoning_effort: 'high', messages: [{ role: 'user', content: 'q' }] });
    assert.equal((completion.choices[0]!.message as { reasoning_content?: string }).reasoning_content, 'pondering');
  });

  it('sends a data-URL image to Cursor and rejects an http image URL', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('a pixel');
      run.turnEnded();
    });
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } }] }],
    });
    const images = userMessageOf(lastRun().request).userMessage?.selectedContext?.selectedImages ?? [];
    assert.equal(images[0]?.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(images[0]!.data), Buffer.from(PNG_1PX, 'base64'));

    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /data URLs/.test(error.message) && error.param === 'messages.0.content.0.image_url.url',
    );
  });
});

describe('OpenAI Chat Completions: client abort', () => {
  it('cancels the Cursor run in-band, then resets it, when the client goes away mid-stream', async () => {
    const runAborted = new Promise<void>((resolve) =>
      gateway.fake.setScript(async (run) => {
        run.aborted.addEventListener('abort', () => resolve());
        run.text('waiting');
        await run.sleep(60_000);
      }),
    );
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content === 'waiting') break;
    }
    controller.abort();
    await runAborted;
    assertCancelledBeforeReset(lastRun());
  });
});

describe('OpenAI Chat Completions: tools', () => {
  it('runs a round trip: a tool call, then the tool message continues the same run', async () => {
    let received: { text: string; isError: boolean } | undefined;
    gateway.fake.setScript(async (run) => {
      received = mcpResultText(await run.toolCall({ name: 'get_weather', args: { city: 'Oslo' }, toolCallId: 'call_o1' }));
      run.text(`Oslo: ${received.text}`);
      run.turnEnded();
    });
    const runsBefore = gateway.fake.runs.length;
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'weather in Oslo?' };
    const first = await client.chat.completions.create({ model: MODEL, tools: [WEATHER_TOOL], messages: [question] });
    const choice = first.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.deepEqual(choice.message.tool_calls, [{ id: 'call_o1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: 'call_o1', content: 'snow' }],
    });
    assert.equal(second.choices[0]!.message.content, 'Oslo: snow');
    assert.deepEqual(received, { text: 'snow', isError: false });
    assert.equal(gateway.fake.runs.length, runsBefore + 1);
  });

  it('streams parallel tool calls with contiguous indexes', async () => {
    const { script, results } = parallelWeatherScript();
    gateway.fake.setScript(script);
    const question = { role: 'user' as const, content: 'Paris and Rome?' };
    const raw = await postRaw(gateway.url, '/v1/chat/completions', { model: MODEL, stream: true, tools: [WEATHER_TOOL], parallel_tool_calls: true, messages: [question] }, bearer);
    const summary = validateOpenAISse(raw.body, { includeUsage: false });
    assert.equal(summary.finishReason, 'tool_calls');
    assert.deepEqual(summary.toolCalls.map((call) => [call.id, JSON.parse(call.arguments)]), [['call_p1', { city: 'Paris' }], ['call_p2', { city: 'Rome' }]]);

    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      tools: [WEATHER_TOOL],
      messages: [
        question,
        {
          role: 'assistant',
          content: null,
          tool_calls: summary.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
        },
        { role: 'tool', tool_call_id: 'call_p1', content: 'warm' },
        { role: 'tool', tool_call_id: 'call_p2', content: [{ type: 'text', text: 'hot' }] },
      ],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'both done');
    assert.deepEqual(results, ['warm', 'hot']);
  });
});

describe('OpenAI Chat Completions: errors', () => {
  for (const row of ERROR_ROWS) {
    it(`${row.name}: ${row.openai.status} ${row.openai.code}`, async () => {
      gateway.fake.setScript(async (run) => run.fail(row.fail));
      pool.status = row.pool;
      const error = await client.chat.completions
        .create({ model: MODEL, messages: [{ role: 'user', content: row.prompt ?? 'x' }] })
        .then(
          () => assert.fail('expected an error'),
          (caught: unknown) => caught,
        )
        .finally(() => (pool.status = undefined));
      assert.ok(error instanceof OpenAI.APIError, `got ${String(error)}`);
      assert.equal(error.status, row.openai.status);
      assert.equal(error.code, row.openai.code);
      if (row.message) assert.match(error.message, row.message);
      assert.equal(error.headers?.get('retry-after') ?? undefined, row.retryAfter);
    });
  }

  it('timeout → 504 when Cursor goes silent', async () => {
    const silent = await startGateway({ engine: { idleTimeoutMs: 200 } });
    try {
      silent.fake.setScript(async (run) => {
        await run.sleep(30_000);
      });
      await assert.rejects(
        silent.openai().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof OpenAI.InternalServerError && error.status === 504 && error.code === 'timeout',
      );
    } finally {
      await silent.close();
    }
  });

  it('an unknown model → 404 model_not_found listing the available ids', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'llama-9', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.NotFoundError && error.code === 'model_not_found' && /claude-4\.5-sonnet/.test(error.message),
    );
  });

  it('a failure retrying cannot fix, after streaming began, ends with an error chunk the SDK raises', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('partial');
      await run.sleep(20);
      run.fail({ code: 'resource_exhausted', message: 'Conversation too long', detailsError: 43 });
    });
    const raw = await postRaw(gateway.url, '/v1/chat/completions', { model: MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] }, bearer);
    const summary = validateOpenAISse(raw.body, { includeUsage: false });
    assert.equal(summary.ending, 'error');
    assert.deepEqual(summary.error, { message: 'prompt is too long: Conversation too long', type: 'invalid_request_error', code: 'context_length_exceeded', param: null });

    const stream = await client.chat.completions.create({ model: MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(async () => {
      for await (const chunk of stream) void chunk;
    }, (error: unknown) => error instanceof OpenAI.APIError && /prompt is too long/.test(error.message));
  });

  it('a retryable failure after streaming began drops the connection', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('partial');
      await run.sleep(20);
      run.fail({ code: 'internal', message: 'went wrong' });
    });
    await assert.rejects(
      postRaw(gateway.url, '/v1/chat/completions', { model: MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] }, bearer),
      /terminated/,
    );
  });
  it('writes errors as {error:{message,type,code,param}}, for a bad key and malformed JSON too', async () => {
    await assert.rejects(gateway.openai({ apiKey: 'wrong' }).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }), OpenAI.AuthenticationError);
    const malformed = await postRaw(gateway.url, '/v1/chat/completions', '{"model":', bearer);
    assert.equal(malformed.status, 400);
    const body = JSON.parse(malformed.body) as { error: Record<string, unknown> };
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(String(body.error.message), /malformed JSON/);
  });
});

describe('OpenAI: models and security', () => {
  it('lists models in OpenAI shape', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    assert.ok(models.some((model) => model.id === 'claude-4.5-sonnet'));
    assert.deepEqual(Object.keys(models[0]!).sort(), ['context_window', 'created', 'id', 'object', 'owned_by']);
    assert.equal(models[0]!.object, 'model');
    assert.equal(models[0]!.owned_by, 'cursor');
    const raw = await httpRaw(gateway.url, { path: '/v1/models', headers: bearer });
    assert.equal((JSON.parse(raw.body) as { object: string }).object, 'list');
  });

  it('looks up one model, with a 404 in OpenAI shape for an unknown one', async () => {
    const model = await client.models.retrieve('claude-4.5-sonnet');
    assert.deepEqual(model, {
      id: 'claude-4.5-sonnet',
      object: 'model',
      created: 0,
      owned_by: 'cursor',
      context_window: 200_000,
      max_mode_context_window: 1_000_000,
    });
    assert.equal((await client.models.retrieve('gpt-5-unknown').catch((error: unknown) => error)) instanceof OpenAI.NotFoundError, true);
    const raw = await httpRaw(gateway.url, { path: '/v1/models/gpt-5-unknown', headers: bearer });
    assert.equal(raw.status, 404);
    assert.deepEqual((JSON.parse(raw.body) as { error: { type: string; code: string } }).error.code, 'model_not_found');
  });

  it('rejects a foreign Host with 403 in OpenAI shape', async () => {
    const raw = await httpRaw(gateway.url, { method: 'POST', path: '/v1/chat/completions', headers: { ...bearer, host: 'rebind.example', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(raw.status, 403);
    assert.equal((JSON.parse(raw.body) as { error: { code: string } }).error.code, 'forbidden');
  });

  it('answers a body over 32 MiB with 413', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'a'.repeat(33 * 1024 * 1024) }] }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 413 && error.code === 'request_too_large',
    );
  });
});
