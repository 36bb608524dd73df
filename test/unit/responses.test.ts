// The Responses dialect's pure parts: request parsing, the event encoder and the response store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TurnEvent } from '../../src/proxy/events.js';
import { ApiError } from '../../src/proxy/http/api-error.js';
import type { TurnContext } from '../../src/proxy/http/dialect.js';
import { parseResponsesRequest } from '../../src/proxy/responses/request.js';
import { ResponseStore, type StoredItems } from '../../src/proxy/responses/store.js';
import { createResponsesStream } from '../../src/proxy/responses/stream.js';
import type { ResponseObject } from '../../src/proxy/responses/wire.js';
import { validateResponsesSse } from '../helpers/responses-sse-validator.js';

const noHistory: StoredItems = {
  history: (id) => {
    throw new ApiError('not_found', `no ${id}`);
  },
  item: () => undefined,
};
const context: TurnContext = { clientModel: 'gpt-5', estimatedInputTokens: 12, includeUsage: false };

describe('Responses request', () => {
  it('reads a Codex-shaped body: developer text, reasoning items, calls, outputs, namespaces, web search', () => {
    const request = parseResponsesRequest(
      {
        model: 'gpt-5',
        stream: true,
        store: false,
        reasoning: { summary: 'auto' },
        prompt_cache_key: 'session-1',
        tools: [
          { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
          { type: 'namespace', name: 'agents', description: '', tools: [{ type: 'function', name: 'spawn', parameters: { type: 'object' } }] },
          { type: 'web_search', external_web_access: false },
        ],
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'make a file' }] },
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking it over' }], encrypted_content: 'opaque' },
          { type: 'function_call', call_id: 'c1', name: 'spawn', namespace: 'agents', arguments: '{"task":"t"}' },
          { type: 'function_call_output', call_id: 'c1', output: 'done' },
          { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        ],
      },
      noHistory,
    );
    const { conversation } = request;
    assert.equal(conversation.system, 'You are Codex.');
    assert.equal(conversation.thinking, true);
    assert.equal(conversation.sessionKey, 'session-1');
    assert.deepEqual(conversation.tools.map((tool) => tool.name), ['exec_command', 'agents__spawn']);
    assert.deepEqual(request.toolNames.get('agents__spawn'), { name: 'spawn', namespace: 'agents' });
    assert.deepEqual(conversation.messages, [
      { role: 'user', content: [{ type: 'text', text: 'make a file' }] },
      { role: 'assistant', content: [{ type: 'thinking', text: 'thinking it over' }, { type: 'tool_call', id: 'c1', name: 'agents__spawn', input: { task: 't' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'c1', content: [{ type: 'text', text: 'done' }], isError: false }] },
    ]);
    // Codex's cached web search runs on Cursor's search; its past web_search_call items are not replayed.
    assert.deepEqual(conversation.webSearch, { allowedDomains: [], blockedDomains: [] });
    assert.deepEqual(request.notes, []);
    assert.equal(request.webSearchSources, false);
    assert.equal(request.echo.store, false);
  });

  it('takes web_search domain filters and include; notes what Cursor cannot honour; other hosted tools stay out', () => {
    const request = parseResponsesRequest(
      {
        model: 'gpt-5',
        input: 'x',
        include: ['web_search_call.action.sources'],
        tools: [
          { type: 'web_search_2025_08_26', filters: { allowed_domains: ['docs.example.com'] }, external_web_access: true, user_location: { type: 'approximate', city: 'Oslo' } },
          { type: 'file_search', vector_store_ids: ['vs_1'] },
        ],
      },
      noHistory,
    );
    assert.deepEqual(request.conversation.webSearch, { allowedDomains: ['docs.example.com'], blockedDomains: [] });
    assert.equal(request.webSearchSources, true);
    assert.equal(request.notes?.length, 3);
    assert.match(request.notes![0]!, /external_web_access true not honoured/);
    assert.match(request.notes![1]!, /user_location not forwarded/);
    assert.match(request.notes![2]!, /hosted tool file_search left out/);
    assert.equal(parseResponsesRequest({ model: 'm', input: 'x', tools: [{ type: 'file_search' }] }, noHistory).conversation.webSearch, undefined);
  });

  it('refuses what it cannot serve with a 400 naming the field', () => {
    const refuse = (body: Record<string, unknown>, param: string) =>
      assert.throws(() => parseResponsesRequest({ model: 'm', input: 'x', ...body }, noHistory), (error: unknown) => error instanceof ApiError && error.param === param);
    refuse({ input: ['x', { type: 'item_reference', id: 'msg_gone' }].map((item) => (typeof item === 'string' ? { role: 'user', content: item } : item)) }, 'input.1.id');
    refuse({ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input.0.content.0.type');
    refuse({ background: true }, 'background');
    refuse({ include: 'web_search_call.action.sources' }, 'include');
    refuse({ tools: [{ type: 'web_search', filters: { allowed_domains: 'a.com' } }] }, 'tools.0.filters.allowed_domains');
    refuse({ tool_choice: 'sometimes' }, 'tool_choice');
    refuse({ reasoning: { effort: 'huge' } }, 'reasoning.effort');
    refuse({ input: [] }, 'input');
  });
});

function encode(events: TurnEvent[], body: Record<string, unknown> = {}): { raw: string; finished?: ResponseObject } {
  const request = parseResponsesRequest({ model: 'gpt-5', input: 'x', ...body }, noHistory);
  let finished: ResponseObject | undefined;
  const stream = createResponsesStream(context, request, (response) => (finished = response));
  return { raw: stream.open() + events.map((event) => stream.push(event)).join(''), finished };
}

describe('Responses stream encoder', () => {
  it('reports the output limit as response.incomplete, and shows nothing for informational events', () => {
    const { raw, finished } = encode([
      { type: 'builtin_rejected', tool: 'shell', detail: 'x' },
      { type: 'some_future_event' } as unknown as TurnEvent,
      { type: 'text', text: 'cut' },
      { type: 'end', reason: 'max_tokens', usage: { inputTokens: 0, outputTokens: 7 } },
    ]);
    const summary = validateResponsesSse(raw);
    assert.equal(summary.status, 'incomplete');
    assert.equal(summary.text, 'cut');
    assert.deepEqual(summary.response.usage.output_tokens, 7);
    assert.equal(summary.response.usage.input_tokens, 12, 'the local estimate when Cursor gives no input count');
    assert.equal(finished?.status, 'incomplete');
  });

  it('numbers items in order across reasoning, text and calls', () => {
    const { raw } = encode([
      { type: 'thinking', text: 'a' },
      { type: 'text', text: 'b' },
      { type: 'tool_call', id: 'c1', name: 'f', arguments: '' },
      { type: 'tool_call', id: 'c2', name: 'g', arguments: '{"x":1}' },
      { type: 'end', reason: 'tool_use', usage: { inputTokens: 3, outputTokens: 4 } },
    ]);
    const summary = validateResponsesSse(raw);
    assert.deepEqual(summary.response.output.map((item: { type: string }) => item.type), ['reasoning', 'message', 'function_call', 'function_call']);
    assert.deepEqual(summary.functionCalls.map((call) => [call.call_id, call.arguments]), [['c1', '{}'], ['c2', '{"x":1}']]);
  });
});

describe('Responses web_search_call items', () => {
  const hits = [{ title: 'A', url: 'https://a.example/1', snippet: 'one' }];
  const search = (outcome: Extract<TurnEvent, { type: 'web_search' }>['outcome']): TurnEvent[] => [
    { type: 'text', text: 'Looking. ' },
    { type: 'web_search', query: 'thalamus', outcome },
    { type: 'text', text: 'Found.' },
    { type: 'end', reason: 'end_turn', usage: { inputTokens: 1, outputTokens: 2 } },
  ];

  it('a search between texts is its own item; sources only when include asks for them', () => {
    const plain = validateResponsesSse(encode(search({ hits })).raw);
    assert.deepEqual(plain.response.output.map((item: { type: string }) => item.type), ['message', 'web_search_call', 'message']);
    assert.deepEqual({ ...plain.webSearches[0], id: '' }, { id: '', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'thalamus' } });
    assert.match(plain.webSearches[0]!.id, /^ws_/);
    const sourced = validateResponsesSse(encode(search({ hits }), { include: ['web_search_call.action.sources'] }).raw);
    assert.deepEqual(sourced.webSearches[0]!.action.sources, [{ type: 'url', url: 'https://a.example/1' }]);
  });

  it('a failed search is a web_search_call with status failed and no completed event', () => {
    const summary = validateResponsesSse(encode(search({ errorCode: 'unavailable', message: 'search is down' })).raw);
    assert.equal(summary.webSearches[0]!.status, 'failed');
    assert.ok(!summary.events.some((event) => event.type === 'response.web_search_call.completed'));
    assert.equal(summary.text, 'Looking. Found.');
  });
});

describe('Responses store', () => {
  const response = (id: string, previous: string | null, text: string): ResponseObject =>
    ({ id, previous_response_id: previous, output: [{ id: `msg_${id}`, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }] }) as unknown as ResponseObject;
  const user = (text: string) => ({ role: 'user', content: text });

  it('gives a chain back oldest first, and a clear 404 once a link is forgotten to stay within its bytes', () => {
    const store = new ResponseStore(2_000);
    store.save(response('r1', null, 'one'), [user('q1')]);
    store.save(response('r2', 'r1', 'two'), [user('q2')]);
    const texts = store.history('r2').map((item) => (item.content as Array<{ text: string }>)[0]!.text);
    assert.deepEqual(texts, ['q1', 'one', 'q2', 'two']);
    for (let i = 3; i < 20; i++) store.save(response(`r${i}`, `r${i - 1}`, 'x'.repeat(50)), [user('q')]);
    assert.equal(store.get('r1'), undefined, 'the oldest went first');
    assert.throws(() => store.history('r19'), (error: unknown) => error instanceof ApiError && error.kind === 'not_found' && /no longer stored/.test(error.message));
    assert.throws(() => store.history('nope'), (error: unknown) => error instanceof ApiError && error.param === 'previous_response_id');
  });

  it('lists input items with ids and text parts, finds items by id, and forgets them with their response', () => {
    const store = new ResponseStore(4_000);
    store.save(response('r1', null, 'one'), [user('q1'), { type: 'function_call_output', id: 'fco_mine', call_id: 'c', output: 'x' }]);
    const [message, output] = store.inputItems('r1')!;
    assert.match(message!.id, /^msg_/);
    assert.deepEqual({ ...message, id: '' }, { id: '', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'q1' }] });
    assert.equal(output!.id, 'fco_mine');
    assert.equal(store.item(message!.id)?.role, 'user');
    assert.equal(store.item('msg_r1')?.type, 'message', 'output items are found too');
    assert.equal(store.remove('r1'), true);
    assert.equal(store.remove('r1'), false);
    assert.equal(store.item('fco_mine'), undefined);
    assert.equal(store.item('msg_r1'), undefined);
    assert.throws(() => store.history('r1'), (error: unknown) => error instanceof ApiError && /deleted/.test(error.message));
  });

  it('keeps its index within the byte bound: evicted responses take their item ids with them', () => {
    const store = new ResponseStore(3_000);
    for (let i = 0; i < 200; i++) store.save(response(`r${i}`, null, `answer ${i}`), [user(`question ${i}`)]);
    assert.equal(store.item('msg_r0'), undefined);
    assert.equal(store.item('msg_r199')?.type, 'message');
    const index = (store as unknown as { itemOwners: Map<string, string> }).itemOwners;
    assert.ok(index.size <= 2 * 20, `index rows ${index.size}`);
  });
});
