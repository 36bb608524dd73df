// A strict checker of an OpenAI Responses event stream (codex-cli.md §3): every frame's event
// name is its data's `type`; sequence_number counts 0, 1, 2, … without a gap; response.created
// then response.in_progress open it; output items are added at the next output_index with a
// fresh id, their deltas name the open item, every .done repeats exactly what the deltas built,
// and output_item.done closes the item before another opens; one terminal event ends it
// (response.completed / .incomplete / .failed) and its response.output is exactly the items done.
// A web_search_call item goes in_progress → searching → completed (no .completed when it failed).
import assert from 'node:assert/strict';
import { isCount, parseJson, parseSseFrames } from './sse-parse.js';

type Json = Record<string, any>;

export interface ResponsesSseSummary {
  events: Json[];
  response: Json;
  status: 'completed' | 'incomplete' | 'failed';
  text: string;
  reasoning: string;
  functionCalls: Array<{ call_id: string; name: string; namespace?: string; arguments: string }>;
  /** Each web_search_call item as done. */
  webSearches: Json[];
}

const WEB_SEARCH_STEPS = ['response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed'];

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed'];

export function validateResponsesSse(raw: string): ResponsesSseSummary {
  const frames = parseSseFrames(raw);
  const events = frames.map((frame, n) => {
    const data = parseJson(frame.data, `event #${n}`);
    assert.equal(frame.event, data.type, `event #${n}: the event name is the data's type`);
    assert.equal(data.sequence_number, n, `event #${n}: sequence_number`);
    return data as Json;
  });
  assert.equal(events[0]?.type, 'response.created', 'first event');
  assert.equal(events[1]?.type, 'response.in_progress', 'second event');
  const responseId = events[0]!.response.id;
  assert.match(responseId, /^resp_/);
  assert.equal(events[0]!.response.status, 'in_progress');
  assert.deepEqual(events[0]!.response.output, []);

  const done: Json[] = [];
  const ids = new Set<string>();
  let open: { item: Json; index: number; text: string; parts: number; partDone: boolean; steps: string[] } | undefined;
  let terminal: Json | undefined;
  const summary = { text: '', reasoning: '', functionCalls: [] as ResponsesSseSummary['functionCalls'], webSearches: [] as Json[] };

  events.slice(2).forEach((event, k) => {
    const where = `event #${k + 2} (${event.type})`;
    assert.equal(terminal, undefined, `${where} after the terminal event`);
    const here = () => {
      assert.ok(open, `${where} with no open item`);
      assert.equal(event.item_id, open.item.id, `${where}: item_id`);
      assert.equal(event.output_index, open.index, `${where}: output_index`);
      return open;
    };
    switch (event.type) {
      case 'response.output_item.added': {
        assert.equal(open, undefined, `${where} while item ${open?.item.id} is open`);
        assert.equal(event.output_index, done.length, `${where}: output_index`);
        assert.ok(typeof event.item.id === 'string' && !ids.has(event.item.id), `${where}: a fresh item id`);
        ids.add(event.item.id);
        if (event.item.type === 'message') {
          assert.deepEqual(event.item.content, []);
          assert.equal(event.item.status, 'in_progress');
        } else if (event.item.type === 'function_call') {
          assert.equal(event.item.arguments, '');
          assert.ok(event.item.call_id && event.item.name, `${where}: call_id and name`);
        } else if (event.item.type === 'web_search_call') {
          assert.equal(event.item.status, 'in_progress');
          assert.equal(event.item.action?.type, 'search');
        } else assert.equal(event.item.type, 'reasoning', `${where}: item type`);
        open = { item: event.item, index: event.output_index, text: '', parts: 0, partDone: false, steps: [] };
        break;
      }
      case 'response.content_part.added':
      case 'response.reasoning_summary_part.added': {
        const item = here();
        assert.equal(item.parts, 0, `${where}: one part per item`);
        assert.equal(event.part.text, '');
        item.parts = 1;
        break;
      }
      case 'response.output_text.delta':
      case 'response.reasoning_summary_text.delta':
      case 'response.function_call_arguments.delta': {
        const item = here();
        if (event.type !== 'response.function_call_arguments.delta') assert.equal(item.parts, 1, `${where} before its part was added`);
        assert.equal(typeof event.delta, 'string');
        item.text += event.delta;
        break;
      }
      case 'response.output_text.done':
      case 'response.reasoning_summary_text.done':
        assert.equal(event.text, here().text, `${where}: text is the deltas joined`);
        break;
      case 'response.function_call_arguments.done':
        assert.equal(event.arguments, here().text, `${where}: arguments are the deltas joined`);
        break;
      case 'response.content_part.done':
      case 'response.reasoning_summary_part.done':
        assert.equal(event.part.text, here().text, `${where}: part text`);
        here().partDone = true;
        break;
      case 'response.web_search_call.in_progress':
      case 'response.web_search_call.searching':
      case 'response.web_search_call.completed': {
        const item = here();
        assert.equal(item.item.type, 'web_search_call', `${where} on a ${item.item.type} item`);
        item.steps.push(event.type);
        assert.deepEqual(item.steps, WEB_SEARCH_STEPS.slice(0, item.steps.length), `${where}: out of order`);
        break;
      }
      case 'response.output_item.done': {
        assert.ok(open, `${where} with no open item`);
        assert.equal(event.output_index, open.index);
        const item = event.item;
        assert.equal(item.id, open.item.id);
        if (item.type === 'message') {
          assert.ok(open.partDone, `${where} before content_part.done`);
          assert.deepEqual(item.content, [{ type: 'output_text', text: open.text, annotations: [] }]);
          assert.equal(item.status, 'completed');
          summary.text += open.text;
        } else if (item.type === 'reasoning') {
          assert.ok(open.partDone, `${where} before reasoning_summary_part.done`);
          assert.deepEqual(item.summary, [{ type: 'summary_text', text: open.text }]);
          summary.reasoning += open.text;
        } else if (item.type === 'web_search_call') {
          assert.equal(open.steps.length, item.status === 'failed' ? 2 : 3, `${where}: steps before done`);
          assert.ok(item.status === 'completed' || item.status === 'failed', `${where}: status`);
          assert.equal(item.action.type, 'search');
          assert.equal(item.action.query, open.item.action.query, `${where}: the query added is the query done`);
          summary.webSearches.push(item);
        } else {
          assert.equal(item.arguments, open.text);
          assert.equal(item.status, 'completed');
          const args: unknown = JSON.parse(item.arguments);
          assert.ok(typeof args === 'object' && args !== null && !Array.isArray(args), `${where}: arguments are a JSON object`);
          summary.functionCalls.push({ call_id: item.call_id, name: item.name, ...(item.namespace ? { namespace: item.namespace } : {}), arguments: item.arguments });
        }
        done.push(item);
        open = undefined;
        break;
      }
      default:
        assert.ok(TERMINAL.includes(event.type), `${where}: unknown event type`);
        terminal = event;
    }
  });
  assert.ok(terminal, 'stream ended without response.completed, .incomplete or .failed');
  const response = terminal.response as Json;
  assert.equal(response.id, responseId, 'one response id throughout');
  const status = terminal.type.slice('response.'.length) as ResponsesSseSummary['status'];
  assert.equal(response.status, status);
  if (status === 'failed') {
    assert.ok(typeof response.error?.code === 'string' && typeof response.error?.message === 'string', 'failed response has error {code, message}');
  } else {
    assert.equal(open, undefined, 'an item is still open at the end');
    assert.deepEqual(response.output, done, 'response.output is the items done, in order');
    const usage = response.usage;
    assert.ok(isCount(usage.input_tokens) && isCount(usage.output_tokens));
    assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
    if (status === 'incomplete') assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
  }
  return { events, response, status, ...summary };
}
