// The OpenAI Responses front end through the `openai` SDK (`responses.create` / `.stream`) and
// raw HTTP, on the real engine over the fake Cursor server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ErrorDetails_Error } from '../../src/gen/aiserver/v1/error_details_pb.js';
import { historyOf } from '../../src/fake-cursor/index.js';
import { mcpResultText, parallelWeatherScript, requestContextOf, userMessageOf } from '../helpers/fake-run.js';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { httpRaw, postRaw } from '../helpers/http.js';
import { validateResponsesSse } from '../helpers/responses-sse-validator.js';

const MODEL = 'claude-4.5-sonnet';
const WEATHER_TOOL: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const bearer = { authorization: `Bearer ${CLIENT_KEY}` };

let gateway: Gateway;
let client: OpenAI;

before(async () => {
  gateway = await startGateway();
  client = gateway.openai();
});
after(() => gateway.close());

const lastRun = () => gateway.fake.runs.at(-1)!;
const declaredTools = () => lastRun().request.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? [];

describe('OpenAI Responses: answers', () => {
  it('answers without streaming: instructions and developer text become the rules, the response is stored', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('Hello');
      run.text(' there');
      run.turnEnded();
    });
    const response = await client.responses.create({
      model: MODEL,
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      ],
      metadata: { ticket: '7' },
    });
    assert.equal(response.object, 'response');
    assert.equal(response.status, 'completed');
    assert.equal(response.model, MODEL);
    assert.equal(response.output_text, 'Hello there');
    assert.equal(response.instructions, 'Be brief.');
    assert.deepEqual(response.metadata, { ticket: '7' });
    assert.equal(response.usage!.total_tokens, response.usage!.input_tokens + response.usage!.output_tokens);
    assert.ok(response.usage!.input_tokens > 0);
    assert.equal(requestContextOf(lastRun().request).cloudRule, 'Be brief.\n\nAnswer in English.');
    assert.equal(userMessageOf(lastRun().request).userMessage?.text, 'hi');

    const again = await client.responses.retrieve(response.id);
    assert.equal(again.id, response.id);
    assert.deepEqual(again.output, response.output);
  });

  it('streams through the SDK helper, and the raw stream passes the validator', async () => {
    gateway.fake.setScript(async (run) => {
      for (const word of ['a ', 'b ', 'c']) run.text(word);
      run.turnEnded();
    });
    const stream = client.responses.stream({ model: MODEL, input: 'x' });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => (deltas += event.delta));
    const final = await stream.finalResponse();
    assert.equal(deltas, 'a b c');
    assert.equal(final.output_text, 'a b c');
    assert.equal(final.status, 'completed');

    const raw = await postRaw(gateway.url, '/v1/responses', { model: MODEL, stream: true, store: false, input: 'x' }, bearer);
    assert.equal(raw.status, 200);
    assert.match(String(raw.headers['content-type']), /^text\/event-stream/);
    const summary = validateResponsesSse(raw.body);
    assert.equal(summary.text, 'a b c');
    assert.equal(summary.status, 'completed');
    // store:false: nothing to retrieve.
    const gone = await httpRaw(gateway.url, { path: `/v1/responses/${summary.response.id}`, headers: bearer });
    assert.equal(gone.status, 404);
  });

  it('streams reasoning as a reasoning item with summary text, on Cursor thinking variant', async () => {
    gateway.fake.setScript(async (run) => {
      run.thinking('ponder');
      run.thinking('ing');
      run.thinkingCompleted(5);
      run.text('42');
      run.turnEnded();
    });
    const raw = await postRaw(gateway.url, '/v1/responses', { model: MODEL, stream: true, reasoning: { effort: 'high', summary: 'auto' }, input: 'q' }, bearer);
    const summary = validateResponsesSse(raw.body);
    assert.equal(summary.reasoning, 'pondering');
    assert.equal(summary.text, '42');
    assert.deepEqual(summary.response.output.map((item: { type: string }) => item.type), ['reasoning', 'message']);
    assert.ok(summary.events.some((event) => event.type === 'response.reasoning_summary_text.delta'));
    assert.deepEqual(summary.response.reasoning, { effort: 'high', summary: 'auto' });
    assert.equal(lastRun().request.modelDetails?.modelId, 'claude-4.5-sonnet-thinking');
  });

  it('sends a data-URL image to Cursor and rejects an http image URL with a 400 naming the field', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('a pixel');
      run.turnEnded();
    });
    await client.responses.create({
      model: MODEL,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'what?' }, { type: 'input_image', detail: 'auto', image_url: `data:image/png;base64,${PNG_1PX}` }] }],
    });
    const images = userMessageOf(lastRun().request).userMessage?.selectedContext?.selectedImages ?? [];
    assert.equal(images[0]?.mimeType, 'image/png');
    await assert.rejects(
      client.responses.create({ model: MODEL, input: [{ role: 'user', content: [{ type: 'input_image', detail: 'auto', image_url: 'https://example.com/a.png' }] }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /data URLs/.test(error.message) && error.param === 'input.0.content.0.image_url',
    );
  });

  it('asks for a text.format JSON schema in the system prompt', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('{"n":1}');
      run.turnEnded();
    });
    const schema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'], additionalProperties: false };
    const response = await client.responses.create({ model: MODEL, input: 'count', text: { format: { type: 'json_schema', name: 'count', schema, strict: true } } });
    assert.deepEqual(JSON.parse(response.output_text), { n: 1 });
    assert.ok(requestContextOf(lastRun().request).cloudRule?.includes(JSON.stringify(schema)));
    assert.equal(response.text?.format?.type, 'json_schema');
  });
});

describe('OpenAI Responses: tools', () => {
  it('a stateless round trip (as Codex sends it) continues the same Cursor run', async () => {
    let received: { text: string; isError: boolean } | undefined;
    gateway.fake.setScript(async (run) => {
      received = mcpResultText(await run.toolCall({ name: 'get_weather', args: { city: 'Oslo' }, toolCallId: 'call_o1' }));
      run.text(`Oslo: ${received.text}`);
      run.turnEnded();
    });
    const runsBefore = gateway.fake.runs.length;
    const question: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'weather in Oslo?' };
    const first = await client.responses.create({
      model: MODEL,
      store: false,
      tools: [WEATHER_TOOL, { type: 'web_search' }],
      input: [question],
    });
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.deepEqual([call.call_id, call.name, JSON.parse(call.arguments)], ['call_o1', 'get_weather', { city: 'Oslo' }]);
    // The hosted web_search tool is no tool of Cursor's model (it turns Cursor's own search on), and no 400.
    assert.deepEqual(declaredTools(), ['get_weather']);

    const stream = client.responses.stream({
      model: MODEL,
      store: false,
      tools: [WEATHER_TOOL, { type: 'web_search' }],
      input: [question, call!, { type: 'function_call_output', call_id: 'call_o1', output: 'snow' }],
    });
    const final = await stream.finalResponse();
    assert.equal(final.output_text, 'Oslo: snow');
    assert.deepEqual(received, { text: 'snow', isError: false });
    assert.equal(gateway.fake.runs.length, runsBefore + 1, 'one upstream run for the whole round trip');
  });

  it('parallel calls stream as two function_call items and their outputs go back together to the same run', async () => {
    const { script, results } = parallelWeatherScript();
    gateway.fake.setScript(script);
    const runsBefore = gateway.fake.runs.length;
    const question = { role: 'user', content: 'Paris and Rome?' };
    const raw = await postRaw(gateway.url, '/v1/responses', { model: MODEL, stream: true, store: false, parallel_tool_calls: true, tools: [WEATHER_TOOL], input: [question] }, bearer);
    const summary = validateResponsesSse(raw.body);
    assert.deepEqual(summary.functionCalls.map((call) => [call.call_id, JSON.parse(call.arguments)]), [['call_p1', { city: 'Paris' }], ['call_p2', { city: 'Rome' }]]);
    const final = await client.responses
      .stream({
        model: MODEL,
        store: false,
        tools: [WEATHER_TOOL],
        input: [
          { role: 'user', content: 'Paris and Rome?' },
          ...summary.functionCalls.map((call) => ({ type: 'function_call' as const, ...call })),
          { type: 'function_call_output', call_id: 'call_p1', output: 'warm' },
          { type: 'function_call_output', call_id: 'call_p2', output: [{ type: 'input_text', text: 'hot' }] },
        ],
      })
      .finalResponse();
    assert.equal(final.output_text, 'both done');
    assert.deepEqual(results, ['warm', 'hot']);
    assert.equal(gateway.fake.runs.length, runsBefore + 1);
  });

  it('a round trip by previous_response_id continues the same run too', async () => {
    let received = '';
    gateway.fake.setScript(async (run) => {
      received = mcpResultText(await run.toolCall({ name: 'get_weather', args: { city: 'Rome' }, toolCallId: 'call_r1' })).text;
      run.text(`Rome: ${received}`);
      run.turnEnded();
    });
    const runsBefore = gateway.fake.runs.length;
    const first = await client.responses.create({ model: MODEL, tools: [WEATHER_TOOL], input: 'weather in Rome?' });
    assert.equal(first.output[0]?.type, 'function_call');
    const second = await client.responses.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: 'call_r1', output: 'sun' }],
    });
    assert.equal(second.output_text, 'Rome: sun');
    assert.equal(received, 'sun');
    assert.equal(second.previous_response_id, first.id);
    assert.equal(gateway.fake.runs.length, runsBefore + 1);
  });

  it('previous_response_id carries the conversation into a new run', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('first answer');
      run.turnEnded();
    });
    const first = await client.responses.create({ model: MODEL, input: 'remember: teal' });
    let history: unknown[] = [];
    gateway.fake.setScript(async (run) => {
      history = (await historyOf(run)).rootMessages;
      run.text('second answer');
      run.turnEnded();
    });
    const second = await client.responses.create({ model: MODEL, previous_response_id: first.id, input: 'what colour?' });
    assert.equal(second.output_text, 'second answer');
    assert.deepEqual(history, [
      { role: 'user', content: [{ type: 'text', text: 'remember: teal' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'first answer' }] },
    ]);
    assert.equal(userMessageOf(lastRun().request).userMessage?.text, 'what colour?');
  });

  it('flattens namespace tools for Cursor and answers calls under their namespace', async () => {
    let received = '';
    gateway.fake.setScript(async (run) => {
      received = mcpResultText(await run.toolCall({ name: 'agents__spawn', args: { task: 'x' }, toolCallId: 'call_n1' })).text;
      run.text('spawned');
      run.turnEnded();
    });
    const runsBefore = gateway.fake.runs.length;
    const namespaceTool = {
      type: 'namespace',
      name: 'agents',
      description: 'Sub-agents',
      tools: [{ type: 'function', name: 'spawn', description: 'Start one', parameters: { type: 'object', properties: { task: { type: 'string' } } } }],
    };
    const raw = await postRaw(gateway.url, '/v1/responses', { model: MODEL, stream: true, store: false, tools: [WEATHER_TOOL, namespaceTool], input: 'go' }, bearer);
    const summary = validateResponsesSse(raw.body);
    assert.deepEqual(declaredTools().sort(), ['agents__spawn', 'get_weather']);
    assert.deepEqual(summary.functionCalls, [{ call_id: 'call_n1', name: 'spawn', namespace: 'agents', arguments: '{"task":"x"}' }]);

    const again = await postRaw(
      gateway.url,
      '/v1/responses',
      {
        model: MODEL,
        stream: true,
        store: false,
        tools: [WEATHER_TOOL, namespaceTool],
        input: ['go', { type: 'function_call', ...summary.functionCalls[0] }, { type: 'function_call_output', call_id: 'call_n1', output: 'ok' }].map((item) =>
          typeof item === 'string' ? { role: 'user', content: item } : item,
        ),
      },
      bearer,
    );
    assert.equal(validateResponsesSse(again.body).text, 'spawned');
    assert.equal(received, 'ok');
    assert.equal(gateway.fake.runs.length, runsBefore + 1);
  });
});

const answering = (text: string) =>
  gateway.fake.setScript(async (run) => {
    run.text(text);
    run.turnEnded();
  });

/** A 4xx in OpenAI's error shape: status, param and message checked. */
async function expectError(path: string, status: number, param: string | null, message: RegExp, method = 'GET'): Promise<void> {
  const raw = await httpRaw(gateway.url, { method, path, headers: bearer });
  assert.equal(raw.status, status, raw.body);
  const { error } = JSON.parse(raw.body);
  assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(error.param, param);
  assert.match(error.message, message);
}

describe('OpenAI Responses: the hosted web_search tool on Cursor’s search', () => {
  const HITS = [
    { title: 'Release notes', url: 'https://docs.example.com/releases', chunk: 'Version 2 shipped.' },
    { title: 'Elsewhere', url: 'https://other.test/releases', chunk: 'copy' },
  ];
  /** Searches as Cursor does when its search is on; records what the run was told and how the gateway answered. */
  function searchingScript(outcome: { hits: typeof HITS } | { error: string }) {
    const seen: string[] = [];
    gateway.fake.setScript(async (run) => {
      const context = await run.requestContext();
      seen.push(`enabled=${context.webSearchEnabled} fetch=${context.webFetchEnabled}`);
      run.text('Searching. ');
      seen.push((await run.webSearch('thalamus releases', outcome)).verdict);
      run.text('Version 2 shipped.');
      run.turnEnded();
    });
    return seen;
  }

  it('streams a web_search_call item between the texts, with the allowed domains’ sources when include asks', async () => {
    const seen = searchingScript({ hits: HITS });
    const raw = await postRaw(
      gateway.url,
      '/v1/responses',
      {
        model: MODEL,
        stream: true,
        store: false,
        include: ['web_search_call.action.sources'],
        tools: [{ type: 'web_search', external_web_access: false, filters: { allowed_domains: ['example.com'] } }],
        input: 'what shipped?',
      },
      bearer,
    );
    const summary = validateResponsesSse(raw.body);
    assert.deepEqual(seen, ['enabled=true fetch=false', 'approved']);
    assert.deepEqual(summary.response.output.map((item: { type: string }) => item.type), ['message', 'web_search_call', 'message']);
    assert.equal(summary.webSearches[0]!.status, 'completed');
    assert.deepEqual(summary.webSearches[0]!.action, { type: 'search', query: 'thalamus releases', sources: [{ type: 'url', url: 'https://docs.example.com/releases' }] });
    assert.equal(summary.text, 'Searching. Version 2 shipped.');
  });

  it('answers without streaming through the SDK; a failed search is a failed item; without the tool Cursor’s search is refused', async () => {
    searchingScript({ hits: HITS });
    const response = await client.responses.create({ model: MODEL, tools: [{ type: 'web_search' }], input: 'what shipped?' });
    const search = response.output.find((item) => item.type === 'web_search_call');
    assert.ok(search && search.type === 'web_search_call');
    assert.equal(search.status, 'completed');
    assert.deepEqual(search.action, { type: 'search', query: 'thalamus releases' }, 'no sources unless include asks');
    assert.equal(response.output_text, 'Searching. Version 2 shipped.');
    // Stored like any item; a later turn by previous_response_id does not replay the search, only the text around it.
    let history: unknown[] = [];
    gateway.fake.setScript(async (run) => {
      history = (await historyOf(run)).rootMessages;
      run.text('ok');
      run.turnEnded();
    });
    await client.responses.create({ model: MODEL, tools: [{ type: 'web_search' }], previous_response_id: response.id, input: 'thanks' });
    assert.deepEqual(history, [
      { role: 'user', content: [{ type: 'text', text: 'what shipped?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Searching. ' }, { type: 'text', text: 'Version 2 shipped.' }] },
    ]);

    searchingScript({ error: 'search backend down' });
    const failed = validateResponsesSse((await postRaw(gateway.url, '/v1/responses', { model: MODEL, stream: true, tools: [{ type: 'web_search' }], input: 'q' }, bearer)).body);
    assert.equal(failed.webSearches[0]!.status, 'failed');
    assert.equal(failed.status, 'completed');

    const seen = searchingScript({ hits: HITS });
    const without = await client.responses.create({ model: MODEL, tools: [WEATHER_TOOL], input: 'what shipped?' });
    assert.deepEqual(seen, ['enabled=false fetch=false', 'rejected']);
    assert.ok(!without.output.some((item) => item.type === 'web_search_call'));
  });
});

describe('OpenAI Responses: stored responses', () => {
  it('DELETE removes a stored response: gone for GET, input_items and previous_response_id; unknown ids are 404s naming them', async () => {
    answering('kept');
    const response = await client.responses.create({ model: MODEL, input: 'keep this' });
    const deleted = await client.responses.delete(response.id).asResponse();
    assert.equal(deleted.status, 200);
    assert.deepEqual(await deleted.json(), { id: response.id, object: 'response', deleted: true });

    await assert.rejects(client.responses.retrieve(response.id), (error: unknown) => error instanceof OpenAI.NotFoundError && error.message.includes(response.id));
    await assert.rejects(
      client.responses.create({ model: MODEL, previous_response_id: response.id, input: 'and?' }),
      (error: unknown) => error instanceof OpenAI.NotFoundError && error.param === 'previous_response_id' && error.message.includes(response.id) && /deleted/.test(error.message),
    );
    await assert.rejects(client.responses.delete(response.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await expectError(`/v1/responses/${response.id}`, 404, null, new RegExp(`response ${response.id} is not stored here`), 'DELETE');
    await expectError(`/v1/responses/${response.id}/input_items`, 404, null, new RegExp(response.id));
  });

  it('lists input items in OpenAI’s list shape: newest first by default, paged by limit and after, through the SDK’s auto-pager', async () => {
    answering('listed');
    const response = await client.responses.create({
      model: MODEL,
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Rules.' },
        { role: 'user', content: 'one' },
        { type: 'function_call', call_id: 'call_l1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_l1', output: 'snow' },
        { role: 'user', content: [{ type: 'input_text', text: 'two' }] },
      ],
      tools: [WEATHER_TOOL],
    });
    const sent = ['message', 'message', 'function_call', 'function_call_output', 'message'];

    const all: OpenAI.Responses.ResponseItem[] = [];
    for await (const item of client.responses.inputItems.list(response.id, { limit: 2 })) all.push(item);
    assert.deepEqual(all.map((item) => item.type), [...sent].reverse());
    assert.equal(new Set(all.map((item) => item.id)).size, 5, 'every item has its own id');
    const first = all.at(-1)!;
    assert.ok(first.type === 'message');
    assert.deepEqual([first.role, first.content], ['developer', [{ type: 'input_text', text: 'Rules.' }]]);

    const page = await client.responses.inputItems.list(response.id, { order: 'asc', limit: 3 });
    assert.deepEqual(page.data.map((item) => item.type), sent.slice(0, 3));
    const raw = JSON.parse((await httpRaw(gateway.url, { path: `/v1/responses/${response.id}/input_items?order=asc&limit=3`, headers: bearer })).body);
    assert.deepEqual([raw.object, raw.first_id, raw.last_id, raw.has_more], ['list', all[4]!.id, all[2]!.id, true]);
    const rest = JSON.parse((await httpRaw(gateway.url, { path: `/v1/responses/${response.id}/input_items?order=asc&after=${raw.last_id}`, headers: bearer })).body);
    assert.deepEqual(rest.data.map((item: { id: string }) => item.id), [all[1]!.id, all[0]!.id]);
    assert.equal(rest.has_more, false);
    const defaults = JSON.parse((await httpRaw(gateway.url, { path: `/v1/responses/${response.id}/input_items`, headers: bearer })).body);
    assert.deepEqual(defaults.data.map((item: { id: string }) => item.id), all.map((item) => item.id), 'desc and up to 20 by default');

    const items = `/v1/responses/${response.id}/input_items`;
    for (const limit of ['0', '101', 'x', '2.5', '']) await expectError(`${items}?limit=${limit}`, 400, 'limit', /from 1 to 100/);
    await expectError(`${items}?order=up`, 400, 'order', /"asc" or "desc"/);
    await expectError(`${items}?after=msg_elsewhere`, 400, 'after', /msg_elsewhere/);
    await expectError(`${items}?limit=1&limit=2`, 400, 'limit', /more than once/);
  });

  it('item_reference stands for a stored input or output item; an id the store does not hold is a 400 naming it', async () => {
    answering('first answer');
    const first = await client.responses.create({ model: MODEL, input: 'remember: teal' });
    const [question] = (await client.responses.inputItems.list(first.id)).data;
    let history: unknown[] = [];
    gateway.fake.setScript(async (run) => {
      history = (await historyOf(run)).rootMessages;
      run.text('teal');
      run.turnEnded();
    });
    const second = await client.responses.create({
      model: MODEL,
      input: [
        { type: 'item_reference', id: question!.id },
        { type: 'item_reference', id: first.output[0]!.id! },
        { role: 'user', content: 'what colour?' },
      ],
    });
    assert.equal(second.output_text, 'teal');
    assert.deepEqual(history, [
      { role: 'user', content: [{ type: 'text', text: 'remember: teal' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'first answer' }] },
    ]);
    assert.equal(userMessageOf(lastRun().request).userMessage?.text, 'what colour?');
    // Listed as the items they stand for.
    const listed = (await client.responses.inputItems.list(second.id, { order: 'asc' })).data;
    assert.deepEqual(listed.slice(0, 2).map((item) => item.id), [question!.id, first.output[0]!.id]);

    const runsBefore = gateway.fake.runs.length;
    await assert.rejects(
      client.responses.create({ model: MODEL, input: [{ role: 'user', content: 'x' }, { type: 'item_reference', id: 'msg_unknown' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'input.1.id' && /msg_unknown/.test(error.message),
    );
    assert.equal(gateway.fake.runs.length, runsBefore, 'no run for a refused request');
  });
});

describe('OpenAI Responses: errors', () => {
  const cases = [
    { name: 'unauthenticated', fail: { code: 'unauthenticated', message: 'Not logged in' }, status: 401, code: 'invalid_api_key' },
    { name: 'rate_limited', fail: { code: 'resource_exhausted', message: 'Too many requests' }, status: 429, code: 'rate_limit_exceeded', retryAfter: '5' },
    { name: 'context_too_long', fail: { code: 'resource_exhausted', message: 'too long', detailsError: ErrorDetails_Error.CONVERSATION_TOO_LONG }, status: 400, code: 'context_length_exceeded' },
    { name: 'overloaded', fail: { code: 'unavailable', message: 'busy' }, status: 503, code: 'overloaded', retryAfter: '5' },
  ] as const;
  for (const { name, fail, status, code, ...rest } of cases) {
    it(`${name} before the stream → ${status} ${code} in OpenAI error JSON`, async () => {
      gateway.fake.setScript(async (run) => run.fail(fail));
      const error = await client.responses.create({ model: MODEL, stream: true, input: 'x' }).then(
        () => assert.fail('expected an error'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof OpenAI.APIError, String(error));
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.equal(error.headers?.get('retry-after') ?? undefined, 'retryAfter' in rest ? rest.retryAfter : undefined);
    });
  }

  it('a failure retrying cannot fix, after streaming began, ends with response.failed', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('partial');
      await run.sleep(20);
      run.fail({ code: 'resource_exhausted', message: 'Conversation too long', detailsError: ErrorDetails_Error.CONVERSATION_TOO_LONG });
    });
    const raw = await postRaw(gateway.url, '/v1/responses', { model: MODEL, stream: true, input: 'x' }, bearer);
    const summary = validateResponsesSse(raw.body);
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.response.error, { code: 'context_length_exceeded', message: 'prompt is too long: Conversation too long' });

    // The SDK hands a failed response over as the final response, as OpenAI's own stream ends.
    const final = await client.responses.stream({ model: MODEL, input: 'x' }).finalResponse();
    assert.equal(final.status, 'failed');
    assert.equal(final.error?.code, 'context_length_exceeded');
  });

  it('an unknown or forgotten response id → 404, a bad input → 400 naming the field', async () => {
    await assert.rejects(client.responses.retrieve('resp_nope'), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(
      client.responses.create({ model: MODEL, previous_response_id: 'resp_nope', input: 'x' }),
      (error: unknown) => error instanceof OpenAI.NotFoundError && error.param === 'previous_response_id' && /resp_nope/.test(error.message),
    );
    const bad = await postRaw(gateway.url, '/v1/responses', { model: MODEL, input: [{ role: 'wizard', content: 'x' }] }, bearer);
    assert.equal(bad.status, 400);
    assert.deepEqual(JSON.parse(bad.body).error.param, 'input.0.role');
    let deep: unknown = {};
    for (let i = 0; i < 60; i++) deep = { type: 'object', properties: { a: deep } };
    const nested = await postRaw(gateway.url, '/v1/responses', { model: MODEL, input: 'x', tools: [{ type: 'function', name: 'f', parameters: deep }] }, bearer);
    assert.equal(nested.status, 400);
    assert.match(JSON.parse(nested.body).error.message, /^tools \(f\)\.parameters: is nested more than 100 levels deep/);
    const malformed = await postRaw(gateway.url, '/v1/responses', '{"model":', bearer);
    assert.equal(malformed.status, 400);
    assert.deepEqual(Object.keys(JSON.parse(malformed.body).error).sort(), ['code', 'message', 'param', 'type']);
  });
});
