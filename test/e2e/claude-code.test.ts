// The real Claude Code CLI completing tasks through Thalamus, backed by the fake Cursor server.
// Each scenario asserts on real effects: files on disk, exit code, result JSON, what the fake got.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBinary } from '@bufbuild/protobuf';
import { AgentClientMessageSchema } from '../../src/gen/agent/v1/agent_service_pb.js';
import type { McpResult } from '../../src/gen/agent/v1/mcp_pb.js';
import type { FakeRun, FakeRunRecord, RunScript } from '../../src/fake-cursor/index.js';
import { claudeCodeInstalled, CLAUDE_CODE_BIN, runClaude } from './claude-code-harness.js';
import { toolText, startStack, type Stack } from './stack.js';

before(() => {
  assert.ok(claudeCodeInstalled(), `Claude Code is not installed at ${CLAUDE_CODE_BIN} (node scripts/install-e2e-clients.mjs installs it)`);
});

function isErrorResult(result: McpResult): boolean {
  return result.result.case === 'success' && result.result.value.isError;
}

/** The user's prompt as the fake received it (Claude Code prepends system reminders). */
function userText(run: FakeRun): string {
  const action = run.request.action?.action;
  return action?.case === 'userMessageAction' ? (action.value.userMessage?.text ?? '') : '';
}

/** Bytes the gateway sent upstream to return tool results (results and stream closes, framed), per round trip. */
function bytesPerRoundTrip(record: FakeRunRecord, roundTrips: number): number {
  const toolResultBytes = record.received
    .filter((message) => {
      const { case: kind, value } = message.message;
      if (kind === 'execClientMessage') return value.message.case === 'mcpResult';
      return kind === 'execClientControlMessage';
    })
    .reduce((sum, message) => sum + 5 + toBinary(AgentClientMessageSchema, message).length, 0);
  return Math.round(toolResultBytes / roundTrips);
}

async function project(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'thalamus-e2e-project-'));
}

async function withStack(script: RunScript, fn: (stack: Stack) => Promise<void>, engineOptions = {}): Promise<void> {
  const stack = await startStack(script, engineOptions);
  try {
    await fn(stack);
  } finally {
    await stack.close();
  }
}

/**
 * Cursor fails the first `failing` runs with `fail`, then answers `answer`; Claude Code, asked
 * once, must exit with that answer. What happened on the way: the statuses of the retries
 * Claude Code made, how many runs Cursor saw, and whether the gateway reset the first one.
 */
async function recovery(
  failing: number,
  fail: (run: FakeRun) => Promise<void> | void,
  answer: string,
  engineOptions = {},
): Promise<{ retryStatuses: unknown[]; attempts: number; firstRunAborted: boolean }> {
  let attempts = 0;
  let seen: { retryStatuses: unknown[]; firstRunAborted: boolean } | undefined;
  await withStack(
    async (run) => {
      attempts++;
      if (attempts <= failing) return fail(run);
      await run.requestContext();
      run.text(answer);
    },
    async (stack) => {
      const claude = await runClaude(stack, { cwd: await project(), prompt: 'hello', streamJson: true });
      assert.equal(claude.code, 0, claude.stdout + claude.stderr);
      assert.equal(claude.result.result, answer);
      const retries = claude.events.filter((event) => event.subtype === 'api_retry');
      seen = { retryStatuses: retries.map((event) => event.error_status), firstRunAborted: stack.fake.runs[0]!.clientAborted === true };
    },
    engineOptions,
  );
  return { ...seen!, attempts };
}

describe('Claude Code end to end', () => {
  test('a plain answer comes back as the run result', async () => {
    await withStack(
      async (run) => {
        await run.requestContext();
        run.text('The answer ');
        run.text('is 42.');
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd: await project(), prompt: 'What is six times seven?' });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.equal(claude.result.result, 'The answer is 42.');
        assert.equal(claude.result.is_error, false);
        assert.equal(stack.fake.runs.length, 1);
        assert.match(userText(stack.fake.runs[0] as unknown as FakeRun), /What is six times seven\?/);
      },
    );
  });

  test('a multi-step task writes, runs, edits and reads files, all on one upstream run', async (t) => {
    const cwd = await project();
    const file = join(cwd, 'notes.txt');
    const seen: string[] = [];
    await withStack(
      async (run) => {
        await run.requestContext();
        run.text('Writing the notes first.');
        seen.push(toolText(await run.toolCall({ name: 'Write', args: { file_path: file, content: 'alpha\nomega\n' } })));
        seen.push(toolText(await run.toolCall({ name: 'Bash', args: { command: 'echo beta > second.txt && cat second.txt', description: 'Write second file' } })));
        seen.push(toolText(await run.toolCall({ name: 'Edit', args: { file_path: file, old_string: 'alpha', new_string: 'gamma' } })));
        seen.push(toolText(await run.toolCall({ name: 'Read', args: { file_path: file } })));
        run.text('All four steps are done.');
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd, prompt: 'Prepare the notes.' });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.equal(claude.result.result, 'All four steps are done.');
        assert.equal(await readFile(file, 'utf8'), 'gamma\nomega\n');
        assert.equal(await readFile(join(cwd, 'second.txt'), 'utf8'), 'beta\n');
        assert.match(seen[1], /beta/);
        assert.match(seen[3], /gamma/);
        // Four tool round trips, five HTTP requests, one upstream run: no history was resent.
        assert.equal(stack.fake.runs.length, 1);
        assert.equal(claude.result.num_turns, 5);
        t.diagnostic(`upstream bytes per tool round trip (run kept open): ${bytesPerRoundTrip(stack.fake.runs[0], 4)}`);
      },
    );
  });

  test('two tool calls in one turn run in parallel and both results return to the same run', async () => {
    const cwd = await project();
    let results: McpResult[] = [];
    await withStack(
      async (run) => {
        await run.requestContext();
        results = await run.toolCalls([
          { name: 'Write', args: { file_path: join(cwd, 'a.txt'), content: 'A\n' } },
          { name: 'Write', args: { file_path: join(cwd, 'b.txt'), content: 'B\n' } },
        ]);
        run.text('Both files exist.');
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd, prompt: 'Create a.txt and b.txt.', streamJson: true });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.equal(claude.result.result, 'Both files exist.');
        assert.equal(await readFile(join(cwd, 'a.txt'), 'utf8'), 'A\n');
        assert.equal(await readFile(join(cwd, 'b.txt'), 'utf8'), 'B\n');
        assert.equal(results.length, 2);
        assert.ok(results.every((result) => result.result.case === 'success' && !result.result.value.isError));
        assert.equal(stack.fake.runs.length, 1);
        // Both tool_use blocks came in one assistant message (stream-json shows one event per block).
        const toolUseMessages = claude.events
          .filter((event) => event.type === 'assistant')
          .map((event) => event.message as { id: string; content: Array<{ type: string }> })
          .filter((message) => message.content.some((block) => block.type === 'tool_use'));
        assert.equal(toolUseMessages.length, 2);
        assert.equal(new Set(toolUseMessages.map((message) => message.id)).size, 1);
      },
    );
  });

  test('a failing tool reaches the model as an error result and the task still completes', async () => {
    const cwd = await project();
    let failed: McpResult | undefined;
    await withStack(
      async (run) => {
        await run.requestContext();
        failed = await run.toolCall({ name: 'Read', args: { file_path: join(cwd, 'missing.txt') } });
        run.text(isErrorResult(failed) ? 'The file does not exist, so I stopped.' : 'unexpected');
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd, prompt: 'Read missing.txt.' });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.ok(failed && isErrorResult(failed), 'the tool result reached Cursor with is_error');
        assert.match(toolText(failed!), /not exist|ENOENT|No such file/i);
        assert.equal(claude.result.result, 'The file does not exist, so I stopped.');
      },
    );
  });

  test('thinking is streamed and the run still succeeds', async () => {
    await withStack(
      async (run) => {
        await run.requestContext();
        run.thinking('Let me weigh ');
        run.thinking('the options.');
        run.thinkingCompleted(12);
        run.text('Option B.');
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd: await project(), prompt: 'A or B?', streamJson: true });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.equal(claude.result.result, 'Option B.');
        const blocks = claude.events
          .filter((event) => event.type === 'assistant')
          .flatMap((event) => (event.message as { content: Array<{ type: string; thinking?: string }> }).content);
        const thinking = blocks.find((block) => block.type === 'thinking');
        assert.equal(thinking?.thinking, 'Let me weigh the options.');
      },
    );
  });

  test('a short rate limit is retried by the gateway itself: Claude Code sees only the answer', async () => {
    const seen = await recovery(2, (run) => run.fail({ code: 'resource_exhausted', message: 'Too many requests', httpStatus: 429, retryAfterSeconds: 1 }), 'Back in business.');
    assert.deepEqual(seen.retryStatuses, []);
    assert.equal(seen.attempts, 3);
  });

  test('a usage limit reaches Claude Code as 429 (the gateway does not retry it), which retries and succeeds when Cursor recovers', async () => {
    const usageLimit = { code: 'resource_exhausted', message: 'You have hit your usage limit', detailsError: 10, retryAfterSeconds: 1 };
    const seen = await recovery(2, (run) => run.fail(usageLimit), 'Back in business.');
    assert.deepEqual(seen.retryStatuses, [429, 429]);
    assert.equal(seen.attempts, 3);
  });

  test('an overloaded Cursor past the gateway’s own retries reaches Claude Code as 529, which retries and succeeds', async () => {
    // The gateway tries 1 + 3 times before it answers 529.
    const seen = await recovery(4, (run) => run.fail({ code: 'unavailable', message: 'Cursor is at capacity' }), 'Capacity is back.');
    assert.deepEqual(seen.retryStatuses, [529]);
    assert.equal(seen.attempts, 5);
  });

  test('a stall before the first byte is cut by the watchdog and retried to success', async () => {
    const seen = await recovery(1, (run) => run.sleep(60_000), 'Answered on the second try.', { idleTimeoutMs: 1_000 });
    assert.equal(seen.attempts, 2);
    assert.equal(seen.firstRunAborted, true, 'the stalled run was reset');
  });

  test('a reset mid-stream makes Claude Code retry the request, which succeeds', async () => {
    const seen = await recovery(
      1,
      async (run) => {
        await run.requestContext();
        run.text('This answer will be cut ');
        await run.sleep(20);
        run.reset();
      },
      'The full answer.',
    );
    assert.equal(seen.attempts, 2);
  });

  test('the default tool set works: role:"system" messages, deferred tools and ToolSearch', async () => {
    let searched: McpResult | undefined;
    await withStack(
      async (run) => {
        await run.requestContext();
        const declared = run.request.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? [];
        if (!declared.includes('WebFetch')) {
          searched = await run.toolCall({ name: 'ToolSearch', args: { query: 'select:WebFetch', max_results: 1 } });
          run.text('Loaded.');
          return;
        }
        run.text('WebFetch is available now.');
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd: await project(), prompt: 'Load the web fetch tool.' });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.equal(claude.result.result, 'WebFetch is available now.');
        const first = stack.fake.runs[0].request.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? [];
        assert.ok(first.includes('ToolSearch') && first.includes('Bash'));
        assert.ok(!first.includes('DeferredToolPlaceholder'), 'deferred tools are not offered before ToolSearch loads them');
        const last = stack.fake.runs.at(-1)!.request.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? [];
        assert.ok(last.includes('WebFetch'), 'the loaded deferred tool is declared to Cursor');
        assert.equal(searched, undefined, 'the ToolSearch result changed the tool set, so the turn went on in a new run');
      },
    );
  });

  test("WebSearch returns Cursor's web search results through Thalamus (claude-code.md §10)", async () => {
    let mainResult: McpResult | undefined;
    const subRuns: string[] = [];
    await withStack(
      async (run) => {
        const context = await run.requestContext();
        if (context.webSearchEnabled) {
          // The WebSearch tool's own sub-request: Cursor searches (the gateway must approve it).
          subRuns.push(userText(run));
          const verdict = await run.webSearch('thalamus cursor gateway', {
            hits: [
              { title: 'Thalamus on Cursor', url: 'https://docs.example.com/thalamus', chunk: 'A gateway.' },
              { title: 'Blocked copy', url: 'https://spam.example.net/thalamus', chunk: 'copy' },
            ],
          });
          run.text(verdict.verdict === 'approved' ? 'One page describes Thalamus.' : `search ${verdict.verdict}`);
          return;
        }
        mainResult = await run.toolCall({
          name: 'WebSearch',
          args: { query: 'thalamus cursor gateway', blocked_domains: ['spam.example.net'] },
        });
        run.text(`Searched: ${toolText(mainResult).includes('https://docs.example.com/thalamus') ? 'found' : 'nothing'}.`);
      },
      async (stack) => {
        const claude = await runClaude(stack, {
          cwd: await project(),
          prompt: 'search the web for thalamus cursor gateway',
          // WebSearch inline instead of deferred behind ToolSearch (§10.1).
          extraEnv: { ENABLE_TOOL_SEARCH: 'false' },
        });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        assert.equal(subRuns.length, 1, 'one web search sub-request reached Cursor');
        assert.match(subRuns[0], /Perform a web search for the query: thalamus cursor gateway/);
        const text = toolText(mainResult!);
        // What the CLI made of our server_tool_use + web_search_tool_result answer.
        assert.match(text, /Web search results for query: "thalamus cursor gateway"/);
        assert.match(text, /"title":"Thalamus on Cursor","url":"https:\/\/docs\.example\.com\/thalamus"/);
        assert.doesNotMatch(text, /spam\.example\.net/, 'the blocked domain was filtered');
        assert.match(text, /One page describes Thalamus\./);
        assert.equal(claude.result.result, 'Searched: found.');
      },
    );
  });

  test("gateway discovery lists every Cursor model in Claude Code's picker, and a listed id runs on its model", async () => {
    await withStack(
      async (run) => {
        run.text(`answered by ${run.request.modelDetails?.modelId}`);
        run.turnEnded();
      },
      async (stack) => {
        const claude = await runClaude(stack, { cwd: await project(), prompt: 'say hi', extraArgs: ['--model', 'claude-via-cursor-gpt-5'] });
        assert.equal(claude.code, 0, claude.stdout + claude.stderr);
        // Claude Code asks an unknown model for effort "high": GPT-5's -high variant answers.
        assert.equal(claude.result.result, 'answered by gpt-5-high');
        const cache = JSON.parse(await readFile(join(claude.home, '.claude', 'cache', 'gateway-models.json'), 'utf8')) as {
          baseUrl: string;
          models: Array<{ id: string; display_name?: string }>;
        };
        assert.equal(cache.baseUrl, stack.gateway.url);
        const models = stack.fake.account.state.models;
        const withMaxMode = models.filter((model) => model.maxModeWindow !== undefined);
        assert.equal(cache.models.length, models.length + withMaxMode.length, "every Cursor model and [1m] twin passed the CLI's claude filter");
        assert.deepEqual(cache.models.find((model) => model.id === 'claude-via-cursor-gpt-5[1m]'), {
          id: 'claude-via-cursor-gpt-5[1m]',
          display_name: 'GPT-5 · Max mode, 1M context · via Cursor',
        });
        assert.deepEqual(cache.models.find((model) => model.id === 'claude-via-cursor-gpt-5'), { id: 'claude-via-cursor-gpt-5', display_name: 'GPT-5 · via Cursor' });
        assert.deepEqual(cache.models.find((model) => model.id === 'claude-4.5-sonnet'), { id: 'claude-4.5-sonnet', display_name: 'Claude 4.5 Sonnet · via Cursor' });

        // A listed [1m] id, as the CLI sends it, runs on its model in Max mode.
        const maxMode = await runClaude(stack, { cwd: await project(), prompt: 'say hi', extraArgs: ['--model', 'claude-via-cursor-gpt-5[1m]'] });
        assert.equal(maxMode.code, 0, maxMode.stdout + maxMode.stderr);
        assert.equal(maxMode.result.result, 'answered by gpt-5-high');
        const main = stack.fake.runs.at(-1)!.request;
        assert.deepEqual({ details: main.modelDetails?.maxMode, requested: main.requestedModel?.maxMode }, { details: true, requested: true });
      },
    );
  });
});
