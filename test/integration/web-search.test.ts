// Anthropic's web search server tool served by Cursor's own web search (claude-code.md §10):
// the request's web_search_… tool turns Cursor's search on, the gateway approves the search,
// and Cursor's web_search_tool_call comes back as server_tool_use + web_search_tool_result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoScript, interactionVerdict, type WebSearchHit } from '../../src/fake-cursor/index.js';
import { requestContextOf } from '../helpers/fake-run.js';
import { startGateway, type Gateway } from '../helpers/gateway.js';
import { postRaw } from '../helpers/http.js';
import { parseSseFrames } from '../helpers/sse-parse.js';
import type { RequestRecord } from '../../src/proxy/log/request-record.js';

const HITS: WebSearchHit[] = [
  { title: 'Release notes', url: 'https://docs.example.com/releases', chunk: 'Version 2 shipped.' },
  { title: 'Blocked mirror', url: 'https://mirror.blocked.test/releases', chunk: 'copy' },
  { title: 'Changelog', url: 'https://example.com/changelog', chunk: 'All changes.' },
];

let gateway: Gateway;
const records: RequestRecord[] = [];
before(async () => {
  gateway = await startGateway({ app: { records: (record) => records.push(record) } });
});
after(() => gateway.close());

/** Claude Code's WebSearch sub-request (claude-code.md §10.2), trimmed to what matters. */
function subRequest(tool: Record<string, unknown>, stream: boolean) {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 1000,
    stream,
    system: 'You run a web search for another Claude model. Search once, then reply with a brief summary of the results.',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Perform a web search for the query: thalamus releases' }] }],
    tools: [{ type: 'web_search_20250305', name: 'web_search', ...tool }],
    tool_choice: { type: 'auto' },
  };
}

/** Searches like Cursor does when its search is on; records how the gateway answered. */
function searchingScript(outcome: { hits: WebSearchHit[] } | { error: string }, searches = 1) {
  const verdicts: string[] = [];
  gateway.fake.setScript(async (run) => {
    const context = await run.requestContext();
    verdicts.push(`enabled=${context.webSearchEnabled} fetch=${context.webFetchEnabled}`);
    for (let i = 0; i < searches; i++) verdicts.push((await run.webSearch('thalamus releases', outcome)).verdict);
    run.text('Two pages ');
    run.text('match.');
  });
  return verdicts;
}

describe('Anthropic web search server tool on Cursor’s search', () => {
  it('streams server_tool_use, then web_search_tool_result, then the text, in the API’s order, with domains filtered', async () => {
    const verdicts = searchingScript({ hits: HITS });
    const response = await postRaw(gateway.url, '/v1/messages', subRequest({ max_uses: 8, blocked_domains: ['blocked.test'] }, true));
    assert.equal(response.status, 200);
    assert.deepEqual(verdicts, ['enabled=true fetch=false', 'approved']);
    // Every question Cursor asked, and the answer, reaches the request log.
    for (let i = 0; i < 500 && records.at(-1)?.stream !== true; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(records.at(-1)!.interactions, ['webSearchRequestQuery: approved']);
    const frames = parseSseFrames(response.body).map((frame) => JSON.parse(frame.data));
    const shape = frames.map((f) =>
      f.type === 'content_block_start' ? `start ${f.index} ${f.content_block.type}` : f.type === 'content_block_delta' ? `delta ${f.index} ${f.delta.type}` : f.type === 'content_block_stop' ? `stop ${f.index}` : f.type,
    ).filter((entry, i, all) => !(entry.startsWith('delta') && entry === all[i - 1])); // deltas may merge or not
    assert.deepEqual(shape, [
      'message_start',
      'start 0 server_tool_use',
      'delta 0 input_json_delta',
      'stop 0',
      'start 1 web_search_tool_result',
      'stop 1',
      'start 2 text',
      'delta 2 text_delta',
      'stop 2',
      'message_delta',
      'message_stop',
    ]);
    const use = frames[1].content_block;
    assert.match(use.id, /^srvtoolu_/);
    assert.equal(use.name, 'web_search');
    assert.deepEqual(JSON.parse(frames[2].delta.partial_json), { query: 'thalamus releases' });
    const result = frames[4].content_block;
    assert.equal(result.tool_use_id, use.id);
    assert.deepEqual(result.content, [
      { type: 'web_search_result', url: 'https://docs.example.com/releases', title: 'Release notes', encrypted_content: 'Version 2 shipped.' },
      { type: 'web_search_result', url: 'https://example.com/changelog', title: 'Changelog', encrypted_content: 'All changes.' },
    ]);
    assert.deepEqual(frames.at(-2).usage.server_tool_use, { web_search_requests: 1 });
    assert.equal(frames.at(-2).delta.stop_reason, 'end_turn');
  });

  it('answers the same blocks in one JSON when not streaming; allowed_domains keeps only those domains', async () => {
    searchingScript({ hits: HITS });
    const response = await postRaw(gateway.url, '/v1/messages', subRequest({ allowed_domains: ['docs.example.com'] }, false));
    assert.equal(response.status, 200);
    const message = JSON.parse(response.body);
    assert.deepEqual(
      message.content.map((block: { type: string }) => block.type),
      ['server_tool_use', 'web_search_tool_result', 'text'],
    );
    assert.deepEqual(message.content[0].input, { query: 'thalamus releases' });
    assert.deepEqual(message.content[1].content.map((hit: { url: string }) => hit.url), ['https://docs.example.com/releases']);
    assert.equal(message.content[2].text, 'Two pages match.');
    assert.deepEqual(message.usage.server_tool_use, { web_search_requests: 1 });
  });

  it('answers a failed search with 200 and a web_search_tool_result_error', async () => {
    searchingScript({ error: 'search backend down' });
    const response = await postRaw(gateway.url, '/v1/messages', subRequest({}, false));
    assert.equal(response.status, 200);
    const message = JSON.parse(response.body);
    assert.deepEqual(message.content[1].content, { type: 'web_search_tool_result_error', error_code: 'unavailable' });
  });

  it('declines searches past max_uses', async () => {
    const verdicts = searchingScript({ hits: HITS.slice(0, 1) }, 2);
    const response = await postRaw(gateway.url, '/v1/messages', subRequest({ max_uses: 1 }, false));
    assert.equal(response.status, 200);
    assert.deepEqual(verdicts.slice(1), ['approved', 'rejected']);
    const message = JSON.parse(response.body);
    assert.equal(message.content.filter((block: { type: string }) => block.type === 'server_tool_use').length, 1);
    assert.deepEqual(message.usage.server_tool_use, { web_search_requests: 1 });
  });

  it('keeps Cursor’s search off, and declines it, for a request without the web search tool', async () => {
    const verdicts: string[] = [];
    gateway.fake.setScript(async (run) => {
      verdicts.push(`enabled=${requestContextOf(run.request).webSearchEnabled}`);
      verdicts.push(interactionVerdict(await run.interactionQuery('web_search')).verdict);
      run.text('no search');
    });
    const { tools: _tools, ...plain } = subRequest({}, false);
    const response = await postRaw(gateway.url, '/v1/messages', plain);
    assert.equal(response.status, 200);
    assert.deepEqual(verdicts, ['enabled=false', 'rejected']);
    for (let i = 0; i < 500 && records.at(-1)?.interactions?.[0] !== 'webSearchRequestQuery: rejected'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(records.at(-1)!.interactions, ['webSearchRequestQuery: rejected']);
    const message = JSON.parse(response.body);
    assert.deepEqual(message.content.map((block: { type: string }) => block.type), ['text']);
    assert.equal(message.usage.server_tool_use, undefined);
  });

  it('the demo backend answers a web search with one made-up hit, labelled as such', async () => {
    gateway.fake.setScript(demoScript);
    const response = await postRaw(gateway.url, '/v1/messages', subRequest({}, false));
    assert.equal(response.status, 200);
    const message = JSON.parse(response.body);
    assert.deepEqual(message.content[0].input, { query: 'thalamus releases' });
    assert.deepEqual(message.content[1].content.map((hit: { url: string }) => hit.url), ['https://example.com/thalamus-demo?q=thalamus%20releases']);
    assert.match(message.content[1].content[0].encrypted_content, /made up/);
  });

  it('the demo backend searches a Codex turn (web_search declared on every turn) only when the message asks to search', async () => {
    gateway.fake.setScript(demoScript);
    const codexTurn = (input: string) => ({ model: 'gpt-5', store: false, tools: [{ type: 'web_search', external_web_access: false }], input });
    const plain = JSON.parse((await postRaw(gateway.url, '/v1/responses', codexTurn('hello there'))).body);
    assert.deepEqual(plain.output.map((item: { type: string }) => item.type), ['message']);
    const asked = JSON.parse((await postRaw(gateway.url, '/v1/responses', codexTurn('search the web for thalamus'))).body);
    assert.deepEqual(asked.output.map((item: { type: string }) => item.type), ['web_search_call', 'message']);
    assert.equal(asked.output[0].action.query, 'search the web for thalamus');
  });
});
