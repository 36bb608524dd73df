// The Cursor client and engine against the fake Cursor server over real HTTP/2 (h2c and TLS).
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { ErrorDetails_Error } from '../../src/gen/aiserver/v1/error_details_pb.js';
import type { McpResult } from '../../src/gen/agent/v1/mcp_pb.js';
import {
  interactionVerdict,
  startFakeCursor,
  UNKNOWN_QUERY_ARM,
  type FakeCursor,
  type FakeError,
  type FakeRun,
  type InteractionQueryKind,
} from '../../src/fake-cursor/index.js';
import type { TokenProvider } from '../../src/proxy/auth/token-provider.js';
import type { Conversation, Message, ToolDefinition } from '../../src/proxy/conversation.js';
import { type EngineOptions, createEngine } from '../../src/proxy/engine.js';
import type { Engine, TurnModel } from '../../src/proxy/engine-api.js';
import type { ErrorKind, TurnEvent } from '../../src/proxy/events.js';
import { UpstreamError } from '../../src/proxy/events.js';
import { assertCancelledBeforeReset, mcpResultText, requestContextOf, userMessageOf } from '../helpers/fake-run.js';

const MODEL: TurnModel = { id: 'claude-4.5-sonnet', thinking: false };
const TOKEN = 'header.payload.signature';
const ENVIRONMENT = { osVersion: 'linux 6.1.0', shell: '/bin/bash', timeZone: 'UTC', folder: '/work/project' };
const TOOLS: ToolDefinition[] = [
  { name: 'Read', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, deferred: false },
  { name: 'Bash', description: 'Run a command', inputSchema: { type: 'object', properties: { command: { type: 'string' } } }, deferred: false },
];

function staticTokens(tokens: string[] = [TOKEN]): TokenProvider & { refreshes: number } {
  let index = 0;
  return {
    refreshes: 0,
    async getAccessToken() {
      return tokens[index];
    },
    async refreshAfterUnauthenticated() {
      this.refreshes++;
      if (index + 1 >= tokens.length) return false;
      index++;
      return true;
    },
    status: () => ({ loggedIn: true }),
  };
}

function conversation(messages: Message[], overrides: Partial<Conversation> = {}): Conversation {
  return {
    model: MODEL.id,
    system: 'You are a careful assistant.',
    messages,
    tools: TOOLS,
    loadedDeferredTools: [],
    toolChoice: { type: 'auto' },
    thinking: false,
    ...overrides,
  };
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

async function collect(events: AsyncIterable<TurnEvent>): Promise<TurnEvent[]> {
  const out: TurnEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function turn(engine: Engine, conv: Conversation, signal = new AbortController().signal): Promise<TurnEvent[]> {
  return collect(engine.runTurn(conv, { model: MODEL, signal }));
}

function texts(events: TurnEvent[]): string {
  return events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
}

function last(events: TurnEvent[]): TurnEvent {
  return events[events.length - 1];
}

function endOf(events: TurnEvent[]) {
  const end = last(events);
  assert.equal(end.type, 'end', `expected an end event, got ${JSON.stringify(end)}`);
  return end as Extract<TurnEvent, { type: 'end' }>;
}

function errorOf(events: TurnEvent[]): UpstreamError {
  const end = last(events);
  assert.equal(end.type, 'error', `expected an error event, got ${JSON.stringify(end)}`);
  return (end as Extract<TurnEvent, { type: 'error' }>).error;
}

function toolCalls(events: TurnEvent[]) {
  return events.filter((e): e is Extract<TurnEvent, { type: 'tool_call' }> => e.type === 'tool_call');
}

function mcpText(result: McpResult): string {
  return mcpResultText(result).text;
}

/** A promise a script settles so the test can wait for what happened on the server side. */
function flag<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The user-message text of a run's request. */
function userText(run: FakeRun): string {
  return userMessageOf(run.request).userMessage?.text ?? '';
}

/** The conversation after tool calls with these [id, result text] pairs answered. */
function withResults(...answers: Array<[string, string]>): Conversation {
  return conversation([
    user('go'),
    { role: 'assistant', content: answers.map(([id]) => ({ type: 'tool_call' as const, id, name: 'Read', input: {} })) },
    {
      role: 'user',
      content: answers.map(([id, text]) => ({
        type: 'tool_result' as const,
        toolCallId: id,
        isError: false,
        content: [{ type: 'text' as const, text }],
      })),
    },
  ]);
}

interface Harness {
  fake: FakeCursor;
  engine(overrides?: Partial<EngineOptions>, t?: TestContext): Engine;
}

/** Starts a fake per suite; engines made through it are closed after their test (or the suite). */
function harness(tls: boolean): Harness {
  const engines: Engine[] = [];
  const h = {
    fake: undefined as unknown as FakeCursor,
    engine(overrides: Partial<EngineOptions> = {}, t?: TestContext): Engine {
      const engine = createEngine({
        baseUrl: h.fake.url,
        ca: h.fake.ca,
        tokenProvider: staticTokens(),
        clientVersion: '2026.01.17-d239e66',
        environment: ENVIRONMENT,
        ...overrides,
      });
      if (t) t.after(() => engine.close());
      else engines.push(engine);
      return engine;
    },
  };
  before(async () => {
    h.fake = await startFakeCursor({ tls });
  });
  after(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    await h.fake.close();
  });
  return h;
}

for (const tls of [false, true]) {
  describe(`Cursor engine over ${tls ? 'TLS (h2)' : 'h2c'}`, () => {
    const h = harness(tls);

    it('streams text and ends the turn with usage from token_delta and the checkpoint', async () => {
      h.fake.setScript(async (run) => {
        run.heartbeat();
        run.text('Hello');
        run.tokenDelta(2);
        run.text(' world');
        run.tokenDelta(3);
        run.checkpoint({ tokenDetails: { usedTokens: 1234, maxTokens: 200_000 } as never });
        run.turnEnded();
      });
      const events = await turn(h.engine(), conversation([user('hi')]));
      assert.equal(texts(events), 'Hello world');
      assert.deepEqual(endOf(events), { type: 'end', reason: 'end_turn', usage: { inputTokens: 1234, outputTokens: 5 } });
      assert.ok(events.some((e) => e.type === 'usage' && e.usage.inputTokens === 1234));
    });

    it('answers a tool call on the same Run stream across two turns', async (t) => {
      const results: McpResult[] = [];
      h.fake.setScript(async (run) => {
        run.text('Let me read it.');
        const result = await run.toolCall({ name: 'Read', args: { path: '/tmp/a.txt' }, toolCallId: 'toolu_read_1' });
        results.push(result);
        run.text(`The file says: ${mcpText(result)}`);
      });
      const engine = h.engine({}, t);
      const runsBefore = h.fake.runs.length;
      const first = await turn(engine, conversation([user('read a.txt')]));
      assert.deepEqual(toolCalls(first), [{ type: 'tool_call', id: 'toolu_read_1', name: 'Read', arguments: '{"path":"/tmp/a.txt"}' }]);
      assert.equal(endOf(first).reason, 'tool_use');
      assert.deepEqual(engine.stats(), { openRuns: 1, parkedRuns: 1 });

      const second = await turn(
        engine,
        conversation([
          user('read a.txt'),
          { role: 'assistant', content: [{ type: 'tool_call', id: 'toolu_read_1', name: 'Read', input: { path: '/tmp/a.txt' } }] },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: 'toolu_read_1', isError: false, content: [{ type: 'text', text: 'hello' }] }] },
        ]),
      );
      assert.equal(texts(second), 'The file says: hello');
      assert.equal(endOf(second).reason, 'end_turn');
      assert.equal(h.fake.runs.length, runsBefore + 1, 'one Run stream for both turns');
      const record = h.fake.runs[runsBefore];
      assert.ok(record.received.some((m) => m.message.case === 'execClientMessage' && m.message.value.message.case === 'mcpResult'));
      assert.equal(mcpText(results[0]), 'hello');
      const mcpExec = record.execs.find((e) => e.kind === 'mcpArgs');
      assert.equal(mcpExec?.answer, 'result');
      assert.equal(mcpExec?.streamClosed, true, 'stream_close follows the mcp_result');
      assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
    });

    it('sends exactly the headers of Cursor CLI (§2.1)', async () => {
      h.fake.setScript(async (run) => run.text('ok'));
      await turn(h.engine(), conversation([user('headers')]));
      const headers = h.fake.runs[h.fake.runs.length - 1].headers;
      const { 'x-request-id': requestId, ...rest } = headers;
      assert.match(requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.deepEqual(rest, {
        authorization: `Bearer ${TOKEN}`,
        'x-ghost-mode': 'true',
        'x-cursor-client-version': 'cli-2026.01.17-d239e66',
        'x-cursor-client-type': 'cli',
        'content-type': 'application/connect+proto',
        'connect-protocol-version': '1',
        te: 'trailers',
        'user-agent': 'connect-es/2.1.1',
      });
    });
  });
}

describe('Cursor engine against the fake (h2c)', () => {
  const h = harness(false);

  it('streams thinking separately from text', async () => {
    h.fake.setScript(async (run) => {
      run.thinking('Considering');
      run.thinking(' options');
      run.text('Answer');
    });
    const events = await turn(h.engine(), conversation([user('think')]));
    // Deltas that were waiting together may arrive merged; kinds and order are what matter.
    const streamed = events.filter((e) => e.type === 'thinking' || e.type === 'text');
    const firstText = streamed.findIndex((e) => e.type === 'text');
    assert.ok(firstText > 0 && streamed.slice(0, firstText).every((e) => e.type === 'thinking'));
    assert.equal(streamed.flatMap((e) => (e.type === 'thinking' ? [e.text] : [])).join(''), 'Considering options');
    assert.equal(texts(events), 'Answer');
    assert.equal(endOf(events).reason, 'end_turn');
  });

  it('merges text deltas that piled up while the consumer was away, and keeps kinds apart', async () => {
    const pulledFirst = flag();
    h.fake.setScript(async (run) => {
      run.text('first');
      await pulledFirst.promise;
      for (const word of ['one ', 'two ', 'three']) run.text(word);
      run.thinking('hmm');
      run.text('!');
    });
    const engine = h.engine();
    const iterator = engine.runTurn(conversation([user('count')]), { model: MODEL, signal: new AbortController().signal })[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value.type, 'run');
    const first = await iterator.next();
    assert.deepEqual(first.value, { type: 'text', text: 'first' });
    pulledFirst.resolve();
    // Pull nothing more until the run is over: every later delta is then already waiting.
    while (engine.stats().openRuns > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const events: TurnEvent[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) events.push(next.value);
    assert.deepEqual(
      events.filter((e) => e.type === 'thinking' || e.type === 'text'),
      [
        { type: 'text', text: 'one two three' },
        { type: 'thinking', text: 'hmm' },
        { type: 'text', text: '!' },
      ],
    );
    assert.equal(endOf(events).reason, 'end_turn');
  });

  it('asks the model thinking_details only for a thinking model', async () => {
    h.fake.setScript(async (run) => run.text(run.request.modelDetails?.thinkingDetails ? 'thinking' : 'plain'));
    const engine = h.engine();
    const plain = await turn(engine, conversation([user('a')]));
    const thinking = await collect(engine.runTurn(conversation([user('a')]), { model: { id: 'claude-4.5-sonnet-thinking', thinking: true }, signal: new AbortController().signal }));
    assert.equal(texts(plain), 'plain');
    assert.equal(texts(thinking), 'thinking');
  });

  it('returns parallel tool calls in one response and their results together on the same run', async (t) => {
    const seen = flag<McpResult[]>();
    h.fake.setScript(async (run) => {
      const results = await run.toolCalls([
        { name: 'Read', args: { path: 'a' }, toolCallId: 'toolu_a' },
        { name: 'Bash', args: { command: 'ls' }, toolCallId: 'toolu_b' },
      ]);
      seen.resolve(results);
      run.text(results.map(mcpText).join(' + '));
    });
    const engine = h.engine({}, t);
    const runsBefore = h.fake.runs.length;
    const first = await turn(engine, conversation([user('two things')]));
    assert.deepEqual(
      toolCalls(first).map((c) => [c.id, c.name, JSON.parse(c.arguments)]),
      [
        ['toolu_a', 'Read', { path: 'a' }],
        ['toolu_b', 'Bash', { command: 'ls' }],
      ],
    );
    assert.equal(endOf(first).reason, 'tool_use');
    const second = await turn(
      engine,
      conversation([
        user('two things'),
        {
          role: 'assistant',
          content: [
            { type: 'tool_call', id: 'toolu_a', name: 'Read', input: { path: 'a' } },
            { type: 'tool_call', id: 'toolu_b', name: 'Bash', input: { command: 'ls' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', toolCallId: 'toolu_b', isError: true, content: [{ type: 'text', text: 'denied' }] },
            {
              type: 'tool_result',
              toolCallId: 'toolu_a',
              isError: false,
              content: [
                { type: 'text', text: 'A' },
                { type: 'image', mediaType: 'image/png', data: Buffer.from([9, 9]).toString('base64') },
              ],
            },
          ],
        },
      ]),
    );
    assert.equal(texts(second), 'A[image] + denied');
    assert.equal(h.fake.runs.length, runsBefore + 1);
    const [a, b] = await seen.promise;
    assert.equal(a.result.case === 'success' && a.result.value.isError, false);
    assert.equal(b.result.case === 'success' && b.result.value.isError, true);
    const image = a.result.case === 'success' ? a.result.value.content[1].content : undefined;
    assert.equal(image?.case, 'image');
    assert.deepEqual(image?.case === 'image' ? [...image.value.data] : [], [9, 9]);
    assert.equal(image?.case === 'image' ? image.value.mimeType : '', 'image/png');
  });

  it('ends the response at once when the server heartbeats after its tool calls', async (t) => {
    h.fake.setScript(async (run) => {
      const pending = run.toolCall({ name: 'Read', args: { path: 'a' }, toolCallId: 'toolu_hb' });
      run.heartbeat();
      run.text(`got ${mcpText(await pending)}`);
    });
    // A batch window far beyond the test timeout: only the heartbeat can end this response.
    const engine = h.engine({ toolBatchWindowMs: 3_600_000 }, t);
    const first = await turn(engine, conversation([user('read')]));
    assert.equal(endOf(first).reason, 'tool_use');
    const second = await turn(engine, withResults(['toolu_hb', 'A']));
    assert.equal(texts(second), 'got A');
  });

  it('sends text beside the tool results along with the last result', async (t) => {
    h.fake.setScript(async (run) => {
      run.text(mcpText(await run.toolCall({ name: 'Read', args: {}, toolCallId: 'toolu_x' })));
    });
    const engine = h.engine({}, t);
    await turn(engine, conversation([user('read')]));
    const conv = withResults(['toolu_x', 'A']);
    (conv.messages[conv.messages.length - 1].content as Array<{ type: 'text'; text: string }>).push({ type: 'text', text: 'note' });
    assert.equal(texts(await turn(engine, conv)), 'Anote');
  });

  it('carries a tool call that arrives while parked into the next response, still on one run', async (t) => {
    const firstAnswered = flag();
    h.fake.setScript(async (run) => {
      const a = run.toolCall({ name: 'Read', args: { path: 'a' }, toolCallId: 'toolu_1' });
      run.heartbeat();
      await firstAnswered.promise;
      const b = run.toolCall({ name: 'Bash', args: { command: 'ls' }, toolCallId: 'toolu_2' });
      const [ra, rb] = await Promise.all([a, b]);
      run.text(`${mcpText(ra)} then ${mcpText(rb)}`);
    });
    const engine = h.engine({}, t);
    const runsBefore = h.fake.runs.length;
    const first = await turn(engine, conversation([user('go')]));
    assert.deepEqual(toolCalls(first).map((c) => c.id), ['toolu_1']);
    firstAnswered.resolve();
    const second = await turn(engine, withResults(['toolu_1', 'A']));
    assert.deepEqual(toolCalls(second).map((c) => c.id), ['toolu_2']);
    assert.equal(endOf(second).reason, 'tool_use');
    // Like an Anthropic client: the last user message answers the last assistant message only.
    const third = await turn(engine, withResults(['toolu_2', 'B']));
    assert.equal(texts(third), 'A then B');
    assert.equal(h.fake.runs.length, runsBefore + 1);
  });

  it('answers a call the client left without a result with McpResult.error', async (t) => {
    h.fake.setScript(async (run) => {
      const results = await run.toolCalls([
        { name: 'Read', args: {}, toolCallId: 'toolu_ok' },
        { name: 'Read', args: {}, toolCallId: 'toolu_missing' },
      ]);
      run.text(results.map((r) => (r.result.case === 'error' ? `error: ${r.result.value.error}` : mcpText(r))).join(' / '));
    });
    const engine = h.engine({}, t);
    await turn(engine, conversation([user('two')]));
    const events = await turn(engine, withResults(['toolu_ok', 'fine']));
    assert.equal(texts(events), 'fine / error: The client returned no result for this tool call.');
  });

  it('does not fire the idle watchdog while a run is parked', async (t) => {
    h.fake.setScript(async (run) => {
      run.text(mcpText(await run.toolCall({ name: 'Read', args: {}, toolCallId: 'toolu_p' })));
    });
    const engine = h.engine({ idleTimeoutMs: 50, toolBatchWindowMs: 1 }, t);
    assert.equal(endOf(await turn(engine, conversation([user('read')]))).reason, 'tool_use');
    // Several idle timeouts pass while the client runs its tool.
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(engine.stats().parkedRuns, 1);
    assert.equal(texts(await turn(engine, withResults(['toolu_p', 'P']))), 'P');
  });

  it('sends client_heartbeat while the run is open', async (t) => {
    h.fake.setScript(async (run) => {
      while (!run.received.some((m) => m.message.case === 'clientHeartbeat') && !run.aborted.aborted) await run.sleep(5);
      run.text('heard a heartbeat');
    });
    const events = await turn(h.engine({ heartbeatIntervalMs: 10 }, t), conversation([user('beat')]));
    assert.equal(texts(events), 'heard a heartbeat');
  });

  it('refuses every built-in exec with its typed result or a throw, and says so', async () => {
    const answers: Record<string, Awaited<ReturnType<FakeRun['builtinExec']>>> = {};
    const kinds = ['shell', 'shell_stream', 'write', 'delete', 'grep', 'read', 'ls', 'fetch', 'diagnostics', 'background_shell_spawn'] as const;
    h.fake.setScript(async (run) => {
      for (const kind of kinds) answers[kind] = await run.builtinExec(kind);
      run.text('done');
    });
    const events = await turn(h.engine(), conversation([user('do stuff')]));
    assert.equal(texts(events), 'done');
    assert.equal(endOf(events).reason, 'end_turn');

    const resultCase = (kind: string) => {
      const answer = answers[kind];
      assert.equal(answer.kind, 'result', `${kind} answered with a result`);
      assert.equal(answer.kind === 'result' && answer.streamClosed, true, `${kind} result followed by stream_close`);
      return answer.kind === 'result' ? answer.message.message : undefined;
    };
    const shell = resultCase('shell');
    assert.equal(shell?.case === 'shellResult' && shell.value.result.case, 'rejected');
    assert.equal(shell?.case === 'shellResult' && shell.value.result.value?.command, 'ls -la');
    const stream = resultCase('shell_stream');
    assert.equal(stream?.case === 'shellStream' && stream.value.event.case, 'rejected');
    for (const [kind, expected] of [
      ['write', 'writeResult'],
      ['delete', 'deleteResult'],
      ['read', 'readResult'],
      ['ls', 'lsResult'],
    ] as const) {
      const message = resultCase(kind);
      assert.equal(message?.case, expected);
      assert.equal((message?.value as { result: { case: string; value: { reason: string } } }).result.case, 'rejected');
      assert.match((message?.value as { result: { value: { reason: string } } }).result.value.reason, /Read, Bash/);
    }
    const grep = resultCase('grep');
    assert.equal(grep?.case === 'grepResult' && grep.value.result.case, 'error');
    for (const kind of ['fetch', 'diagnostics', 'background_shell_spawn']) {
      assert.equal(answers[kind].kind, 'throw', `${kind} has no typed rejection: throw`);
    }
    const rejected = events.filter((e): e is Extract<TurnEvent, { type: 'builtin_rejected' }> => e.type === 'builtin_rejected');
    assert.deepEqual(
      rejected.map((e) => e.tool),
      ['shell', 'shell', 'write', 'delete', 'grep', 'read', 'ls', 'fetch', 'diagnostics', 'background_shell'],
    );
    assert.match(rejected[0].detail, /Use the provided tools instead: Read, Bash/);
  });

  it('rejects a call to a tool the client did not declare', async () => {
    const result = flag<McpResult>();
    h.fake.setScript(async (run) => {
      result.resolve(await run.toolCall({ name: 'Teleport', args: {} }));
      run.text('ok');
    });
    const events = await turn(h.engine(), conversation([user('x')]));
    assert.deepEqual(toolCalls(events), []);
    assert.equal(endOf(events).reason, 'end_turn');
    const mcp = await result.promise;
    assert.equal(mcp.result.case, 'rejected');
    assert.ok(events.some((e) => e.type === 'builtin_rejected' && e.tool === 'Teleport'));
  });

  it('answers every interaction-query arm in its own layout, and the turn goes on', async () => {
    const arms: InteractionQueryKind[] = [
      'web_search', 'ask_question', 'switch_mode', 'exa_search', 'exa_fetch', 'create_plan', 'setup_vm',
      'web_fetch', 'pr_management', 'mcp_auth', 'generate_image', 'replace_env', 'connect_scm',
    ];
    const verdicts = flag<string[]>();
    h.fake.setScript(async (run) => {
      const seen: string[] = [];
      for (const kind of arms) {
        const verdict = interactionVerdict(await run.interactionQuery(kind));
        seen.push(`${verdict.arm} ${verdict.verdict}${verdict.reason ? ' (reason)' : ''}`);
      }
      verdicts.resolve(seen);
      run.text('went on');
    });
    const events = await turn(h.engine(), conversation([user('ask me things')]));
    assert.equal(texts(events), 'went on');
    assert.equal(endOf(events).reason, 'end_turn');
    assert.deepEqual(await verdicts.promise, [
      '2 rejected (reason)',
      '3 rejected (reason)',
      '4 rejected (reason)',
      '5 rejected (reason)',
      '6 rejected (reason)',
      '7 error (reason)',
      '8 success',
      '9 rejected (reason)',
      '10 rejected (reason)',
      '11 rejected (reason)',
      '12 rejected (reason)',
      '13 failure (reason)',
      '14 rejected (reason)',
    ]);
  });

  it('answers a second query sent while the first is still unanswered, and one sent while parked', async (t) => {
    const verdicts = flag<string[]>();
    h.fake.setScript(async (run) => {
      const both = await Promise.all([run.interactionQuery('switch_mode'), run.interactionQuery('mcp_auth')]);
      const seen = both.map((answer) => `${interactionVerdict(answer).arm}`);
      const result = run.toolCall({ name: 'Read', args: { path: 'x' }, toolCallId: 'toolu_q' });
      // The client has its tool_use response and left; the run is parked when this arrives.
      await run.sleep(300);
      seen.push(`${interactionVerdict(await run.interactionQuery('ask_question')).verdict} while parked`);
      verdicts.resolve(seen);
      await result;
      run.text('done');
    });
    const engine = h.engine({}, t);
    const first = await turn(engine, conversation([user('go')]));
    assert.equal(endOf(first).reason, 'tool_use');
    assert.deepEqual(await verdicts.promise, ['4', '11', 'rejected while parked']);
    const second = await turn(engine, withResults(['toolu_q', 'X']));
    assert.equal(texts(second), 'done');
  });

  it('cancels the run in-band on a query with no question in it (malformed), and says so', async (t) => {
    const cancelled = flag();
    h.fake.setScript(async (run) => {
      run.send({ message: { case: 'interactionQuery', value: { id: 9 } } });
      await new Promise((resolve) => run.cancelled.addEventListener('abort', resolve));
      cancelled.resolve();
    });
    const engine = h.engine({}, t);
    const error = errorOf(await turn(engine, conversation([user('go')])));
    assert.match(error.message, /interaction query with no question in it .*cancelled/);
    await cancelled.promise;
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
  });

  it('cancels the run in-band at once on a query arm it does not know, naming the arm', async (t) => {
    const cancelled = flag<boolean>();
    h.fake.setScript(async (run) => {
      run.text('before ');
      const answer = run.interactionQuery('unknown').catch(() => undefined);
      // No timer involved: the query is never answered, the run is cancelled instead.
      await new Promise((resolve) => run.cancelled.addEventListener('abort', resolve));
      cancelled.resolve(true);
      await answer;
    });
    const engine = h.engine({}, t);
    const events = await turn(engine, conversation([user('go')]));
    const error = errorOf(events);
    assert.equal(error.kind, 'internal');
    assert.match(error.message, new RegExp(`interaction query #${UNKNOWN_QUERY_ARM}\\b.*cancelled`));
    assert.equal(await cancelled.promise, true);
    const record = h.fake.runs.at(-1)!;
    assert.ok(!record.received.some((m) => m.message.case === 'interactionResponse'), 'the unknown query got no answer');
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
  });

  it('serves KV get/set from its blob store', async () => {
    const outcome = flag<{ back?: Uint8Array; missing?: Uint8Array }>();
    h.fake.setScript(async (run) => {
      const id = await run.setBlob(new TextEncoder().encode('stored by the server'));
      const back = await run.getBlob(id);
      const missing = await run.getBlob(new Uint8Array(32).fill(1));
      outcome.resolve({ back, missing });
      run.text('ok');
    });
    await turn(h.engine(), conversation([user('kv')]));
    const { back, missing } = await outcome.promise;
    assert.equal(new TextDecoder().decode(back), 'stored by the server');
    assert.equal(missing, undefined);
  });

  it('answers request_context_args with the tools, cloud_rule and environment', async () => {
    const context = flag<Awaited<ReturnType<FakeRun['requestContext']>>>();
    h.fake.setScript(async (run) => {
      context.resolve(await run.requestContext());
      run.text('ok');
    });
    await turn(h.engine(), conversation([user('ctx')], { toolChoice: { type: 'any' } }));
    const ctx = await context.promise;
    assert.deepEqual(ctx.tools.map((tool) => [tool.name, tool.toolName, tool.providerIdentifier]), [
      ['Read', 'Read', 'thalamus'],
      ['Bash', 'Bash', 'thalamus'],
    ]);
    assert.equal(ctx.cloudRule, 'You are a careful assistant.\n\nYou must call one of the provided tools.');
    assert.equal(ctx.env?.projectFolder, '/work/project');
    assert.equal(ctx.env?.shell, '/bin/bash');
    const request = h.fake.runs[h.fake.runs.length - 1].request;
    assert.deepEqual(request.mcpTools?.mcpTools.map((tool) => tool.name), ['Read', 'Bash']);
    // Cursor's server-side web tools are off, and said so explicitly, in both places.
    for (const sent of [ctx, requestContextOf(request)]) {
      assert.deepEqual([sent.webSearchEnabled, sent.webFetchEnabled], [false, false]);
    }
  });

  it("turns Cursor's web search (not fetch) on for a turn that declares a web search server tool", async () => {
    const context = flag<Awaited<ReturnType<FakeRun['requestContext']>>>();
    h.fake.setScript(async (run) => {
      context.resolve(await run.requestContext());
      run.text('ok');
    });
    await turn(h.engine(), conversation([user('search')], { webSearch: { allowedDomains: [], blockedDomains: [] } }));
    const ctx = await context.promise;
    for (const sent of [ctx, requestContextOf(h.fake.runs.at(-1)!.request)]) {
      assert.deepEqual([sent.webSearchEnabled, sent.webFetchEnabled], [true, false]);
    }
  });

  it('gives a new run its history as root-prompt blobs the server fetches with get_blob', async () => {
    const history = flag<unknown[]>();
    h.fake.setScript(async (run) => {
      const ids = run.request.conversationState?.rootPromptMessagesJson ?? [];
      const blobs = await Promise.all(ids.map((id) => run.getBlob(id)));
      history.resolve(blobs.map((blob) => JSON.parse(new TextDecoder().decode(blob))));
      run.text(`heard: ${userText(run)}`);
    });
    const events = await turn(
      h.engine(),
      conversation([user('my name is Ada'), { role: 'assistant', content: [{ type: 'text', text: 'Hello Ada' }] }, user('what is my name?')]),
    );
    assert.equal(texts(events), 'heard: what is my name?');
    assert.deepEqual(await history.promise, [
      { role: 'user', content: [{ type: 'text', text: 'my name is Ada' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello Ada' }] },
    ]);
  });

  const FAILURES: Array<[string, FakeError, ErrorKind]> = [
    ['unauthenticated', { code: 'unauthenticated', message: 'Not logged in' }, 'unauthenticated'],
    ['rate limit', { code: 'resource_exhausted', message: 'slow down', detailsError: ErrorDetails_Error.RATE_LIMITED }, 'rate_limited'],
    ['usage limit', { code: 'resource_exhausted', message: 'limit', detailsError: ErrorDetails_Error.PRO_USER_USAGE_LIMIT, detailsTitle: 'Usage limit' }, 'quota_exhausted'],
    ['outdated client', { code: 'failed_precondition', message: 'Update Required', detailsError: ErrorDetails_Error.OUTDATED_CLIENT }, 'outdated_client'],
    ['bad model', { code: 'invalid_argument', message: 'bad', detailsError: ErrorDetails_Error.BAD_MODEL_NAME }, 'unknown_model'],
    ['context too long', { code: 'invalid_argument', message: 'long', detailsError: ErrorDetails_Error.CONVERSATION_TOO_LONG }, 'context_too_long'],
    ['unavailable', { code: 'unavailable', message: 'busy' }, 'overloaded'],
    ['internal', { code: 'internal', message: 'Blob not found: abc' }, 'overloaded'],
    ['unknown', { code: 'unknown', message: 'what' }, 'internal'],
    ['HTTP 429', { code: 'resource_exhausted', message: 'too many', httpStatus: 429 }, 'rate_limited'],
    ['HTTP 401', { code: 'unauthenticated', message: 'no', httpStatus: 401 }, 'unauthenticated'],
    ['HTTP 503', { code: 'unavailable', message: 'down', httpStatus: 503 }, 'overloaded'],
  ];
  for (const [name, failure, kind] of FAILURES) {
    it(`classifies the fake's ${name} failure as ${kind}`, async () => {
      h.fake.setScript(async (run) => {
        if (!failure.httpStatus) run.text('partial ');
        run.fail(failure);
      });
      const events = await turn(h.engine(), conversation([user('fail')]));
      const error = errorOf(events);
      assert.equal(error.kind, kind);
      assert.ok(!error.message.includes(TOKEN));
      assert.equal(events.filter((e) => e.type === 'error' || e.type === 'end').length, 1);
    });
  }

  it("keeps Cursor's words for the user", async () => {
    h.fake.setScript(async (run) =>
      run.fail({ code: 'resource_exhausted', message: 'x', detailsError: ErrorDetails_Error.PRO_USER_USAGE_LIMIT, detailsTitle: 'Usage limit', detailsDetail: 'Upgrade to continue.' }),
    );
    const error = errorOf(await turn(h.engine(), conversation([user('fail')])));
    assert.equal(error.message, 'Usage limit: Upgrade to continue.');
  });

  it('retries once with a refreshed token after unauthenticated before any output', async () => {
    const tokens = staticTokens(['old-token', 'new-token']);
    h.fake.setScript(async (run) => {
      if (run.headers.authorization === 'Bearer old-token') run.fail({ code: 'unauthenticated', message: 'expired' });
      else run.text('welcome back');
    });
    const runsBefore = h.fake.runs.length;
    const events = await turn(h.engine({ tokenProvider: tokens }), conversation([user('hi')]));
    assert.equal(texts(events), 'welcome back');
    assert.equal(tokens.refreshes, 1);
    assert.equal(h.fake.runs.length, runsBefore + 2);
  });

  it('fails a silent run with timeout when the idle watchdog fires, and resets the stream', async (t) => {
    const aborted = flag();
    h.fake.setScript(async (run) => {
      run.text('thinking about it');
      await run.sleep(60_000);
      if (run.aborted.aborted) aborted.resolve();
    });
    const engine = h.engine({ idleTimeoutMs: 150 }, t);
    const events = await turn(engine, conversation([user('stall')]));
    assert.equal(texts(events), 'thinking about it');
    assert.equal(errorOf(events).kind, 'timeout');
    await aborted.promise;
    assert.equal(h.fake.runs[h.fake.runs.length - 1].clientAborted, true);
  });

  it('does not count server heartbeats as progress', async (t) => {
    h.fake.setScript(async (run) => {
      run.text('a');
      // Heartbeats only, longer than the idle timeout in total.
      for (let i = 0; i < 40 && !run.aborted.aborted; i++) {
        run.heartbeat();
        await run.sleep(20);
      }
      run.text('never seen');
    });
    const events = await turn(h.engine({ idleTimeoutMs: 200 }, t), conversation([user('beats')]));
    assert.equal(errorOf(events).kind, 'timeout');
    assert.equal(texts(events), 'a');
  });

  it('reports a reset mid-stream as a lost connection', async () => {
    h.fake.setScript(async (run) => {
      run.text('half');
      run.reset();
    });
    const events = await turn(h.engine(), conversation([user('reset')]));
    assert.equal(texts(events), 'half');
    assert.equal(errorOf(events).kind, 'overloaded');
  });

  it('reports a connection refused as overloaded', async (t) => {
    const engine = h.engine({ baseUrl: 'http://127.0.0.1:1' }, t);
    const error = errorOf(await turn(engine, conversation([user('x')])));
    assert.equal(error.kind, 'overloaded');
  });

  it('runs 20 turns concurrently over one connection', async () => {
    h.fake.setScript(async (run) => {
      await run.sleep(10);
      run.text(`echo ${userText(run)}`);
    });
    const engine = h.engine();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => turn(engine, conversation([user(`n${i}`)]))));
    results.forEach((events, i) => {
      assert.equal(texts(events), `echo n${i}`);
      assert.equal(endOf(events).reason, 'end_turn');
    });
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
  });

  it('cancels the upstream run when the caller breaks out of the iteration', async () => {
    const aborted = flag();
    h.fake.setScript(async (run) => {
      run.text('first');
      await run.sleep(60_000);
      if (run.aborted.aborted) aborted.resolve();
    });
    const engine = h.engine();
    for await (const event of engine.runTurn(conversation([user('go')]), { model: MODEL, signal: new AbortController().signal })) {
      if (event.type === 'run') continue;
      assert.deepEqual(event, { type: 'text', text: 'first' });
      break;
    }
    await aborted.promise;
    assert.equal(h.fake.runs[h.fake.runs.length - 1].clientAborted, true);
    assert.equal(engine.stats().openRuns, 0);
  });

  it('cancels the upstream run when the turn signal aborts', async () => {
    const aborted = flag();
    const started = flag();
    h.fake.setScript(async (run) => {
      run.text('first');
      started.resolve();
      await run.sleep(60_000);
      if (run.aborted.aborted) aborted.resolve();
    });
    const controller = new AbortController();
    const pending = collect(h.engine().runTurn(conversation([user('go')]), { model: MODEL, signal: controller.signal }));
    await started.promise;
    controller.abort();
    const events = await pending;
    assert.ok(events.every((e) => e.type === 'text' || e.type === 'run'));
    await aborted.promise;
    assertCancelledBeforeReset(h.fake.runs[h.fake.runs.length - 1]);
  });

  it('cancels a parked run after its time limit', async (t) => {
    const cancelled = flag();
    h.fake.setScript(async (run) => {
      try {
        await run.toolCall({ name: 'Read', args: { path: 'x' } });
      } catch {
        // Node delivers the client's half-close before its RST_STREAM; wait for the reset itself
        // so the fake records the abort (see the report: the fake misses it otherwise).
        await run.sleep(60_000);
        if (run.aborted.aborted) cancelled.resolve();
      }
    });
    const engine = h.engine({ parkedRunTtlMs: 100 }, t);
    const events = await turn(engine, conversation([user('read')]));
    assert.equal(endOf(events).reason, 'tool_use');
    await cancelled.promise;
    assertCancelledBeforeReset(h.fake.runs[h.fake.runs.length - 1]);
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
  });

  it('starts a new run with the history when the tool set changed, cancelling the parked one', async (t) => {
    const cancelled = flag();
    h.fake.setScript(async (run) => {
      if (userText(run) === 'read') {
        try {
          await run.toolCall({ name: 'Read', args: { path: 'x' }, toolCallId: 'toolu_x' });
        } catch {
          cancelled.resolve();
        }
        return;
      }
      run.text(`fresh run: ${userText(run)}`);
    });
    const engine = h.engine({}, t);
    const runsBefore = h.fake.runs.length;
    await turn(engine, conversation([user('read')]));
    const second = await turn(
      engine,
      conversation(
        [
          user('read'),
          { role: 'assistant', content: [{ type: 'tool_call', id: 'toolu_x', name: 'Read', input: { path: 'x' } }] },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: 'toolu_x', isError: false, content: [{ type: 'text', text: 'X' }] }] },
        ],
        { tools: [...TOOLS, { name: 'Write', description: 'w', inputSchema: {}, deferred: false }] },
      ),
    );
    assert.equal(texts(second), 'fresh run: [tool result toolu_x] X');
    await cancelled.promise;
    assert.equal(h.fake.runs.length, runsBefore + 2);
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
  });

  it('continues a run lost while parked with resume_action under the same run id; the client sees one complete answer', async (t) => {
    const clientParked = flag();
    const reset = flag();
    const resumed = flag<{ requestId: string; state: unknown; userMessage: boolean }>();
    h.fake.setScript(async (run) => {
      const action = run.request.action?.action;
      if (action?.case === 'resumeAction') {
        resumed.resolve({
          requestId: run.headers['x-request-id'],
          state: run.request.conversationState?.turns.map((turn) => [...turn]),
          userMessage: false,
        });
        // The resumed run asks for the pending call again; the gateway answers from the held result.
        const result = await run.toolCall({ name: 'Read', args: { path: 'x' }, toolCallId: 'toolu_lost' });
        run.text(`after resume: ${mcpText(result)}`);
        return;
      }
      run.text('Let me read it. ');
      void run.toolCall({ name: 'Read', args: { path: 'x' }, toolCallId: 'toolu_lost' }).catch(() => undefined);
      run.checkpoint({ turns: [new Uint8Array([7, 7, 7])], pendingToolCalls: ['toolu_lost'] });
      await clientParked.promise;
      run.reset();
      reset.resolve();
    });
    const engine = h.engine({}, t);
    const first = await turn(engine, conversation([user('read x')]));
    assert.equal(endOf(first).reason, 'tool_use');
    assert.equal(texts(first), 'Let me read it. ');
    const firstRun = h.fake.runs.at(-1)!;
    clientParked.resolve();
    await reset.promise;
    for (let i = 0; i < 500 && engine.stats().openRuns > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 1 }, 'the lost run is kept, parked, to be resumed');

    const second = await turn(engine, conversation([
      user('read x'),
      { role: 'assistant', content: [{ type: 'text', text: 'Let me read it. ' }, { type: 'tool_call', id: 'toolu_lost', name: 'Read', input: { path: 'x' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'toolu_lost', isError: false, content: [{ type: 'text', text: 'X' }] }] },
    ]));
    assert.equal(texts(second), 'after resume: X');
    assert.deepEqual(toolCalls(second), [], 'the call asked again is not shown to the client twice');
    assert.equal(endOf(second).reason, 'end_turn');
    const { requestId, state } = await resumed.promise;
    assert.equal(requestId, firstRun.headers['x-request-id']);
    assert.deepEqual(state, [[7, 7, 7]], "the resumed run carries the lost run's checkpoint");
    assert.deepEqual(engine.stats(), { openRuns: 0, parkedRuns: 0 });
  });

  it('resumes a run whose connection is lost before the client saw anything', async (t) => {
    const ids: string[] = [];
    h.fake.setScript(async (run) => {
      ids.push(run.headers['x-request-id']);
      if (run.request.action?.action.case === 'resumeAction') {
        run.text('the whole answer');
        return;
      }
      run.checkpoint({ turns: [new Uint8Array([1])] });
      run.reset();
    });
    const events = await turn(h.engine({}, t), conversation([user('go')]));
    assert.equal(texts(events), 'the whole answer');
    assert.equal(endOf(events).reason, 'end_turn');
    assert.equal(ids.length, 2);
    assert.equal(ids[1], ids[0], 'same run id');
  });

  it('does not resume a run lost before any checkpoint, nor one that ended with a server error', async (t) => {
    const actions: string[] = [];
    let serverError = false;
    h.fake.setScript(async (run) => {
      actions.push(run.request.action?.action.case ?? 'none');
      if (!serverError) return run.reset();
      run.checkpoint({ turns: [new Uint8Array([1])] });
      run.fail({ code: 'invalid_argument', message: 'no such thing' });
    });
    const engine = h.engine({}, t);
    const lost = await turn(engine, conversation([user('go')]));
    assert.equal(errorOf(lost).kind, 'overloaded');
    serverError = true;
    const failed = await turn(engine, conversation([user('go again')]));
    assert.equal(errorOf(failed).message, 'no such thing');
    assert.deepEqual(actions, ['userMessageAction', 'userMessageAction']);
  });

  it('ends a turn still being read with an error when the engine shuts down', async () => {
    const started = flag();
    h.fake.setScript(async (run) => {
      run.text('first');
      started.resolve();
      await run.sleep(60_000);
    });
    const engine = h.engine();
    const pending = turn(engine, conversation([user('go')]));
    await started.promise;
    await engine.close();
    const events = await pending;
    assert.equal(errorOf(events).kind, 'internal');
  });

  it('lists models with the unary GetUsableModels and AvailableModels calls and caches them', async (t) => {
    const engine = h.engine({}, t);
    const callsBefore = h.fake.unaryCalls.length;
    const [models, concurrent] = await Promise.all([engine.listModels(), engine.listModels()]);
    await engine.listModels();
    assert.equal(concurrent, models);
    assert.deepEqual(
      h.fake.unaryCalls.slice(callsBefore).map((c) => c.path).sort(),
      ['/aiserver.v1.AiService/AvailableModels', '/aiserver.v1.AiService/GetUsableModels'],
      'one fetch for concurrent calls, then the cache',
    );
    const call = h.fake.unaryCalls.slice(callsBefore).find((c) => c.path.endsWith('/GetUsableModels'))!;
    assert.equal(call.path, '/aiserver.v1.AiService/GetUsableModels');
    assert.equal(call.headers['content-type'], 'application/proto');
    assert.equal(call.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(call.headers['x-cursor-client-type'], 'cli');
    const thinking = models.find((m) => m.id === 'claude-4.5-sonnet-thinking');
    assert.deepEqual(thinking, {
      id: 'claude-4.5-sonnet-thinking',
      displayName: 'Claude 4.5 Sonnet Thinking',
      aliases: ['sonnet-4.5-thinking'],
      thinking: true,
      contextWindow: 200_000,
      maxModeWindow: 1_000_000,
    });
    assert.equal(models.find((m) => m.id === 'default')?.thinking, false);
    // AvailableModels says Auto has no Max mode; its window is the account's.
    assert.deepEqual(
      [models.find((m) => m.id === 'default')?.contextWindow, models.find((m) => m.id === 'default')?.maxModeWindow],
      [200_000, undefined],
    );
  });

  it('classifies a failing model list', async (t) => {
    h.fake.setModelsError({ code: 'unauthenticated', message: 'who are you' });
    t.after(() => h.fake.setModelsError(undefined));
    await assert.rejects(h.engine({}, t).listModels(), (err: unknown) => err instanceof UpstreamError && err.kind === 'unauthenticated');
  });
});

