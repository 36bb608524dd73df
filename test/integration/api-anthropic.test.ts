// The Anthropic front end through @anthropic-ai/sdk and raw HTTP, on the real engine over the
// fake Cursor server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { validateAnthropicSse } from '../helpers/anthropic-sse-validator.js';
import { assertCancelledBeforeReset, mcpResultText, requestContextOf, userMessageOf } from '../helpers/fake-run.js';
import { ERROR_ROWS, ScriptedPoolStatus } from '../helpers/error-rows.js';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { httpRaw, postRaw } from '../helpers/http.js';

const MODEL = 'claude-sonnet-5-5';
const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let gateway: Gateway;
let client: Anthropic;
const pool = new ScriptedPoolStatus();

before(async () => {
  gateway = await startGateway({ engine: { poolStatus: pool } });
  client = gateway.anthropic();
});
after(() => gateway.close());

/** The latest run the fake saw. */
const lastRun = () => gateway.fake.runs.at(-1)!;

describe('Anthropic Messages: answers', () => {
  it('returns a non-streaming text answer with the client model id and usage', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('Hello');
      run.text(' world');
      run.tokenDelta(2);
      run.turnEnded();
    });
    const message = await client.messages.create({ model: MODEL, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(message.type, 'message');
    assert.match(message.id, /^msg_/);
    assert.equal(message.model, MODEL);
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello world' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0);
    assert.equal(userMessageOf(lastRun().request).userMessage?.text, 'hi');
    assert.equal(lastRun().request.modelDetails?.modelId, 'claude-4.5-sonnet');
  });

  it('streams text through the SDK, and the raw SSE passes the validator', async () => {
    gateway.fake.setScript(async (run) => {
      for (const word of ['one ', 'two ', 'three']) run.text(word);
      run.turnEnded();
    });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 50, messages: [{ role: 'user', content: 'count' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    // Deltas arrive as Cursor sent them, or merged when several were waiting at once.
    assert.equal(deltas.join(''), 'one two three');
    assert.ok(deltas.length >= 1 && deltas.every((delta) => delta.length > 0));
    assert.deepEqual(final.content, [{ type: 'text', text: 'one two three' }]);

    const raw = await postRaw(gateway.url, '/v1/messages?beta=true', { model: MODEL, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'count' }] });
    assert.equal(raw.status, 200);
    assert.match(String(raw.headers['content-type']), /^text\/event-stream/);
    const { events, ending } = validateAnthropicSse(raw.body);
    assert.equal(ending, 'message_stop');
    assert.equal((events[0] as { message: { model: string } }).message.model, MODEL);
  });

  it('streams thinking on the thinking variant, with a signature', async () => {
    gateway.fake.setScript(async (run) => {
      run.thinking('Let me think');
      run.thinking(' carefully.');
      run.thinkingCompleted(10);
      run.text('Answer.');
      run.turnEnded();
    });
    const body = { model: MODEL, max_tokens: 50, stream: true, thinking: { type: 'adaptive' }, messages: [{ role: 'user' as const, content: 'why?' }] };
    const raw = await postRaw(gateway.url, '/v1/messages', body);
    const { events } = validateAnthropicSse(raw.body);
    assert.deepEqual(
      events.filter((event) => event.type === 'content_block_start').map((event) => (event.content_block as { type: string }).type),
      ['thinking', 'text'],
    );
    assert.equal(lastRun().request.modelDetails?.modelId, 'claude-4.5-sonnet-thinking');
    assert.ok(lastRun().request.modelDetails?.thinkingDetails, 'thinking_details sent');

    const message = await client.messages.create({ ...body, stream: false, thinking: { type: 'enabled', budget_tokens: 1024 } });
    assert.equal(message.content[0]!.type, 'thinking');
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    assert.equal(thinking.thinking, 'Let me think carefully.');
    assert.ok(thinking.signature.length > 0);
  });

  it('shows reasoning a model inlines in its text between <think> tags as thinking', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('<thi');
      run.text('nk>Two and two');
      run.text(' make four.</think>');
      run.text('It is 4.');
      run.turnEnded();
    });
    const message = await client.messages.create({ model: MODEL, max_tokens: 50, messages: [{ role: 'user', content: '2+2?' }] });
    assert.deepEqual(
      message.content.map((block) => (block.type === 'thinking' ? ['thinking', block.thinking] : block.type === 'text' ? ['text', block.text] : [block.type])),
      [
        ['thinking', 'Two and two make four.'],
        ['text', 'It is 4.'],
      ],
    );
  });
});

describe('Anthropic Messages: tools', () => {
  it('keeps text that might have started a <think> tag ahead of the tool call that follows it', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('Compare a <');
      await run.toolCall({ name: 'get_weather', args: { city: 'Oslo' }, toolCallId: 'toolu_lt' });
    });
    const message = await client.messages.create({ model: MODEL, max_tokens: 100, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Oslo?' }] });
    assert.deepEqual(
      message.content.map((block) => block.type),
      ['text', 'tool_use'],
    );
    assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Compare a <');
  });

  it('runs a full round trip: tool_use, then tool_result on the same Cursor run', async () => {
    let received: { text: string; isError: boolean } | undefined;
    gateway.fake.setScript(async (run) => {
      run.text('Checking.');
      const result = await run.toolCall({ name: 'get_weather', args: { city: 'Paris' }, toolCallId: 'toolu_w1' });
      received = mcpResultText(result);
      run.text(`It is ${received.text}.`);
      run.turnEnded();
    });
    const runsBefore = gateway.fake.runs.length;
    const question: Anthropic.MessageParam = { role: 'user', content: 'weather in Paris?' };
    const first = await client.messages.create({ model: MODEL, max_tokens: 100, tools: [WEATHER_TOOL], messages: [question] });
    assert.equal(first.stop_reason, 'tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    assert.deepEqual({ id: toolUse.id, name: toolUse.name, input: toolUse.input }, { id: 'toolu_w1', name: 'get_weather', input: { city: 'Paris' } });

    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 100,
      tools: [WEATHER_TOOL],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_w1', content: [{ type: 'text', text: 'sunny' }] }] },
      ],
    });
    const second = await stream.finalMessage();
    assert.deepEqual(second.content, [{ type: 'text', text: 'It is sunny.' }]);
    assert.equal(second.stop_reason, 'end_turn');
    assert.deepEqual(received, { text: 'sunny', isError: false });
    assert.equal(gateway.fake.runs.length, runsBefore + 1, 'the tool result continued the same run');
  });

  it('streams parallel tool calls and carries an error result back', async () => {
    let results: Array<{ text: string; isError: boolean }> = [];
    gateway.fake.setScript(async (run) => {
      const answers = await run.toolCalls([
        { name: 'get_weather', args: { city: 'Paris' }, toolCallId: 'toolu_p1' },
        { name: 'get_weather', args: { city: 'Atlantis' }, toolCallId: 'toolu_p2' },
      ]);
      results = answers.map(mcpResultText);
      run.text('done');
      run.turnEnded();
    });
    const question = { role: 'user' as const, content: 'weather in Paris and Atlantis?' };
    const raw = await postRaw(gateway.url, '/v1/messages', { model: MODEL, max_tokens: 100, stream: true, tools: [WEATHER_TOOL], messages: [question] });
    const { events } = validateAnthropicSse(raw.body);
    const toolIds = events.flatMap((event) => (event.type === 'content_block_start' && event.content_block.type === 'tool_use' ? [event.content_block.id] : []));
    assert.deepEqual(toolIds, ['toolu_p1', 'toolu_p2']);
    assert.equal((events.find((event) => event.type === 'message_delta')!.delta as { stop_reason: string }).stop_reason, 'tool_use');

    const final = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      tools: [WEATHER_TOOL],
      messages: [
        question,
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_p1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_p2', name: 'get_weather', input: { city: 'Atlantis' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_p1', content: 'rain' },
            { type: 'tool_result', tool_use_id: 'toolu_p2', content: 'no such city', is_error: true },
          ],
        },
      ],
    });
    assert.deepEqual(final.content, [{ type: 'text', text: 'done' }]);
    assert.deepEqual(results, [
      { text: 'rain', isError: false },
      { text: 'no such city', isError: true },
    ]);
  });
});

describe('Anthropic Messages: images and the Claude Code fixture', () => {
  it('sends a base64 image to Cursor as a selected image', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('a pixel');
      run.turnEnded();
    });
    await client.messages.create({
      model: MODEL,
      max_tokens: 20,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } }, { type: 'text', text: 'what?' }] }],
    });
    const images = userMessageOf(lastRun().request).userMessage?.selectedContext?.selectedImages ?? [];
    assert.equal(images.length, 1);
    assert.equal(images[0]!.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(images[0]!.data), Buffer.from(PNG_1PX, 'base64'));
    assert.deepEqual([images[0]!.dimension?.width, images[0]!.dimension?.height], [1, 1]);
    assert.equal(lastRun().request.clientSupportsInlineImages, true);
  });

  it('refuses an image it cannot read with a 400 naming it, before Cursor sees anything', async () => {
    const runsBefore = gateway.fake.runs.length;
    const response = await postRaw(gateway.url, '/v1/messages', {
      model: MODEL,
      max_tokens: 20,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from('no image').toString('base64') } }] }],
    });
    assert.equal(response.status, 400);
    const body = JSON.parse(response.body);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /Image 1 is not a readable PNG, JPEG, GIF or WebP image/);
    assert.equal(gateway.fake.runs.length, runsBefore);
  });

  it('rejects a URL image with a 400 that says to send base64', async () => {
    await assert.rejects(
      client.messages.create({
        model: MODEL,
        max_tokens: 20,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] }],
      }),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /base64/.test(error.message),
    );
  });

  it('accepts the captured Claude Code request: tools, system and messages reach Cursor', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('hi');
      run.turnEnded();
    });
    const fixture = JSON.parse(readFileSync(new URL('../../../shared/fixtures/claude-code-request.json', import.meta.url), 'utf8')) as {
      headers: Record<string, string>;
      body: { system: Array<{ text: string }>; messages: Array<{ content: Array<{ text: string }> }>; tools: Array<{ name: string }> };
    };
    const headers: Record<string, string> = { ...fixture.headers, 'x-api-key': CLIENT_KEY };
    for (const name of ['host', 'content-length', 'accept-encoding', 'connection']) delete headers[name];
    const raw = await postRaw(gateway.url, '/v1/messages?beta=true', fixture.body, headers);
    assert.equal(raw.status, 200, raw.body);
    const { events } = validateAnthropicSse(raw.body);
    assert.equal((events[0] as { message: { model: string } }).message.model, 'claude-opus-5-5');

    const request = lastRun().request;
    // The best opus the fake lists; it has no thinking variant, so the base model.
    assert.equal(request.modelDetails?.modelId, 'claude-4.1-opus');
    const expectedTools = fixture.body.tools.map((tool) => tool.name).filter((name) => name !== 'DeferredToolPlaceholder');
    assert.deepEqual(request.mcpTools?.mcpTools.map((tool) => tool.name), expectedTools);
    const rule = requestContextOf(request).cloudRule ?? '';
    // Claude Code's billing-header block is Anthropic metadata: it does not reach Cursor.
    const [billing, ...instructions] = fixture.body.system.map((block) => block.text);
    assert.ok(!rule.includes(billing!), 'the billing header is not sent to Cursor');
    const systemPieces = [...instructions, fixture.body.messages[1]!.content[0]!.text];
    let position = -1;
    for (const piece of systemPieces) {
      const found = rule.indexOf(piece);
      assert.ok(found > position, `system piece in order: ${piece.slice(0, 40)}`);
      position = found;
    }
    const userText = userMessageOf(request).userMessage?.text ?? '';
    assert.ok(userText.endsWith('say hi'), userText.slice(-60));
    assert.ok(!userText.includes('# Environment'), 'the system entry is not user text');
  });
});

describe('Anthropic Messages: errors', () => {
  for (const row of ERROR_ROWS) {
    it(`${row.name}: ${row.anthropic.status} ${row.anthropic.type}`, async () => {
      gateway.fake.setScript(async (run) => run.fail(row.fail));
      pool.status = row.pool;
      const error = await client.messages
        .create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: row.prompt ?? 'x' }] })
        .then(
          () => assert.fail('expected an error'),
          (caught: unknown) => caught,
        )
        .finally(() => (pool.status = undefined));
      assert.ok(error instanceof Anthropic.APIError, `got ${String(error)}`);
      assert.equal(error.status, row.anthropic.status);
      assert.equal(error.type, row.anthropic.type);
      assert.match(String(error.requestID), /^req_/);
      if (row.message) assert.match(error.message, row.message);
      assert.equal(error.headers?.get('retry-after') ?? undefined, row.retryAfter);
    });
  }

  it('timeout → 504 timeout_error when Cursor goes silent', async () => {
    const silent = await startGateway({ engine: { idleTimeoutMs: 200 } });
    try {
      silent.fake.setScript(async (run) => {
        await run.sleep(30_000);
      });
      await assert.rejects(
        silent.anthropic().messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof Anthropic.InternalServerError && error.status === 504 && error.type === 'timeout_error',
      );
    } finally {
      await silent.close();
    }
  });

  it('an unknown model → 404 not_found_error listing the available ids', async () => {
    await assert.rejects(
      client.messages.create({ model: 'llama-9', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof Anthropic.NotFoundError && /llama-9/.test(error.message) && /claude-4\.5-sonnet/.test(error.message),
    );
  });

  it('a failure retrying cannot fix, after streaming began, ends the SSE with an error event', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('partial');
      await run.sleep(20);
      run.fail({ code: 'resource_exhausted', message: 'Conversation too long', detailsError: 43 });
    });
    const raw = await postRaw(gateway.url, '/v1/messages', { model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] });
    assert.equal(raw.status, 200);
    const { events, ending } = validateAnthropicSse(raw.body);
    assert.equal(ending, 'error');
    assert.deepEqual((events.at(-1) as { error: unknown }).error, { type: 'invalid_request_error', message: 'prompt is too long: Conversation too long' });

    const stream = client.messages.stream({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(stream.finalMessage(), (error: unknown) => error instanceof Anthropic.APIError && /prompt is too long/.test(error.message));
  });

  it('a retryable failure after streaming began drops the connection, so the client retries', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('partial');
      await run.sleep(20);
      run.fail({ code: 'internal', message: 'went wrong' });
    });
    // The body stops mid-stream: no error event, no message_stop, a reset connection.
    await assert.rejects(
      postRaw(gateway.url, '/v1/messages', { model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }),
      /terminated/,
    );
    const stream = client.messages.stream({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(stream.finalMessage(), (error: unknown) => error instanceof Anthropic.APIConnectionError || (error instanceof Error && /terminated|aborted|ECONNRESET|socket/i.test(error.message)));
  });

  it('writes the error JSON with type, error and request_id', async () => {
    gateway.fake.setScript(async (run) => run.fail({ code: 'unauthenticated', message: 'Not logged in' }));
    const raw = await postRaw(gateway.url, '/v1/messages', { model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] });
    assert.equal(raw.status, 401);
    const body = JSON.parse(raw.body) as { type: string; error: { type: string; message: string }; request_id: string };
    assert.deepEqual(Object.keys(body).sort(), ['error', 'request_id', 'type']);
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'authentication_error');
    assert.equal(body.request_id, raw.headers['request-id']);
  });
});

describe('Anthropic Messages: streaming lifecycle', () => {
  it('pings an idle stream and cancels the Cursor run in-band, then resets it, when the client goes away', async () => {
    const idle = await startGateway({ app: { keepAliveMs: 20 } });
    try {
      let aborted!: () => void;
      const runAborted = new Promise<void>((resolve) => (aborted = resolve));
      idle.fake.setScript(async (run) => {
        run.aborted.addEventListener('abort', () => aborted());
        run.text('waiting');
        await run.sleep(60_000);
      });
      const controller = new AbortController();
      const response = await fetch(`${idle.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY },
        body: JSON.stringify({ model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      let seen = '';
      while (!seen.includes('event: ping')) {
        const { value, done } = await reader.read();
        assert.ok(!done, 'stream ended before a ping');
        seen += Buffer.from(value).toString('utf8');
      }
      assert.ok(seen.indexOf('event: message_start') < seen.indexOf('event: ping'));
      controller.abort();
      await runAborted;
      assertCancelledBeforeReset(idle.fake.runs.at(-1)!);
    } finally {
      await idle.close();
    }
  });
});

describe('Anthropic: models, count_tokens, security, bodies', { timeout: 20_000 }, () => {
  it('lists models in Anthropic shape when anthropic-version is sent', async () => {
    const page = await client.models.list();
    const ids = page.data.map((model) => model.id);
    assert.ok(ids.includes('claude-4.5-sonnet') && ids.includes('claude-via-cursor-default'));
    assert.equal(page.data[0]!.type, 'model');
    assert.equal(typeof page.data[0]!.display_name, 'string');
    const raw = await httpRaw(gateway.url, { path: '/v1/models', headers: { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' } });
    const body = JSON.parse(raw.body) as { has_more: boolean; first_id: string; last_id: string };
    assert.equal(body.has_more, false);
    assert.equal(body.first_id, ids[0]);
    assert.equal(body.last_id, ids.at(-1));
  });

  it('looks up one model by Cursor id, and by the Claude name a client sends', async () => {
    const listed = await client.models.retrieve('claude-4.5-sonnet');
    assert.equal(listed.id, 'claude-4.5-sonnet');
    assert.equal(listed.type, 'model');
    const mapped = await client.models.retrieve('claude-sonnet-4-5');
    assert.equal(mapped.id, 'claude-sonnet-4-5');
    assert.match(mapped.display_name, /\(Cursor: .+\)$/);
    await assert.rejects(client.models.retrieve('no-such-model'), (error: unknown) => {
      assert.ok(error instanceof Anthropic.NotFoundError);
      assert.match(error.message, /no-such-model/);
      return true;
    });
  });

  it('counts tokens locally, more with tools', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'How many tokens is this?' }];
    const plain = await client.messages.countTokens({ model: MODEL, messages });
    const withTools = await client.messages.countTokens({ model: MODEL, messages, tools: [WEATHER_TOOL], system: 'Be brief.' });
    assert.ok(plain.input_tokens > 5);
    assert.ok(withTools.input_tokens > plain.input_tokens + 10);
  });

  it('rejects a missing or wrong client key with 401, and takes a Bearer token', async () => {
    await assert.rejects(gateway.anthropic({ apiKey: 'wrong' }).models.list(), Anthropic.AuthenticationError);
    const missing = await httpRaw(gateway.url, { path: '/v1/models', headers: { 'anthropic-version': '2023-06-01' } });
    assert.equal(missing.status, 401);
    assert.equal((JSON.parse(missing.body) as { error: { type: string } }).error.type, 'authentication_error');
    const page = await gateway.anthropic({ authToken: CLIENT_KEY }).models.list();
    assert.ok(page.data.length > 0);
  });

  it('rejects a foreign Host and a foreign Origin with 403 permission_error; /health is open', async () => {
    const foreignHost = await httpRaw(gateway.url, { path: '/v1/models', headers: { host: 'evil.example:80', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' } });
    assert.equal(foreignHost.status, 403);
    assert.equal((JSON.parse(foreignHost.body) as { error: { type: string } }).error.type, 'permission_error');
    const foreignOrigin = await httpRaw(gateway.url, { path: '/health', headers: { origin: 'https://evil.example' } });
    assert.equal(foreignOrigin.status, 403);
    assert.equal(foreignOrigin.headers['access-control-allow-origin'], undefined);
    const sameOrigin = await httpRaw(gateway.url, { path: '/health', headers: { origin: gateway.url } });
    assert.equal(sameOrigin.status, 200);
    const health = JSON.parse(sameOrigin.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(health).sort(), ['loggedIn', 'needsLogin', 'openRuns', 'parkedRuns', 'status', 'tokenExpiresAt', 'upstream', 'version']);
    assert.equal(health.status, 'ok');
    assert.equal(health.tokenExpiresAt, '2030-01-01T00:00:00.000Z');
    const localhost = await httpRaw(gateway.url, { path: '/health', headers: { host: `localhost:${new URL(gateway.url).port}` } });
    assert.equal(localhost.status, 200);
  });

  it('answers a listed origin with its own CORS origin, never *', async () => {
    const open = await startGateway({ app: { allowedOrigins: ['https://app.example'], allowedHosts: ['thalamus.test'] } });
    try {
      const preflight = await httpRaw(open.url, {
        method: 'OPTIONS',
        path: '/v1/messages',
        headers: { origin: 'https://app.example', 'access-control-request-headers': 'x-api-key, content-type' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
      const listedHost = await httpRaw(open.url, { path: '/health', headers: { host: 'thalamus.test' } });
      assert.equal(listedHost.status, 200);
    } finally {
      await open.close();
    }
  });

  it('answers a body over 32 MiB with 413 request_too_large', async () => {
    const huge = 'a'.repeat(33 * 1024 * 1024);
    await assert.rejects(
      client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: huge }] }),
      (error: unknown) => error instanceof Anthropic.APIError && error.status === 413 && error.type === ('request_too_large' as string),
    );
  });

  it('answers malformed JSON with 400 invalid_request_error, and unknown paths with 404', async () => {
    const malformed = await postRaw(gateway.url, '/v1/messages', '{"model": ');
    assert.equal(malformed.status, 400);
    const body = JSON.parse(malformed.body) as { type: string; error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /malformed JSON/);
    const unknown = await postRaw(gateway.url, '/v1/complete', {});
    assert.equal(unknown.status, 404);
    assert.equal((JSON.parse(unknown.body) as { error: { type: string } }).error.type, 'not_found_error');
  });
});
