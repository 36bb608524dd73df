// The real opencode CLI, an OpenAI-compatible agent, completing tasks through Thalamus's
// /v1/chat/completions, backed by the fake Cursor server. Assertions are on real effects: files on
// disk, exit code, opencode's JSON events, and what the fake Cursor run received.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeRunRecord, RunScript } from '../../src/fake-cursor/index.js';
import { OPENCODE_BIN, opencodeInstalled, runOpencode, type OpencodeRun } from './opencode-harness.js';
import { toolText, startStack, type Stack } from './stack.js';

before(() => {
  assert.ok(opencodeInstalled(), `opencode is not installed at ${OPENCODE_BIN} (node scripts/install-e2e-clients.mjs installs it)`);
});

async function project(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'thalamus-e2e-project-'));
}

async function withStack(script: RunScript, fn: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await startStack(script);
  try {
    await fn(stack);
  } finally {
    await stack.close();
  }
}

/** The user's prompt as the fake received it. */
function userText(record: FakeRunRecord): string {
  const action = record.request.action?.action;
  return action?.case === 'userMessageAction' ? (action.value.userMessage?.text ?? '') : '';
}

function toolStatuses(run: OpencodeRun): Array<[string | undefined, string | undefined]> {
  return run.tools.map((tool) => [tool.tool, tool.state?.status]);
}

/** One step per chat completion; `tool-calls` steps handed tool results back to the model. */
function stepFinishReasons(run: OpencodeRun): Array<string | undefined> {
  return run.events.filter((event) => event.type === 'step_finish').map((event) => event.part?.reason);
}

function declaredTools(record: FakeRunRecord): string[] {
  return record.request.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? [];
}

/** Every tool call went out on this run and came back answered, with its stream closed. */
function assertToolExecsAnswered(record: FakeRunRecord, count: number): void {
  const toolExecs = record.execs.filter((exec) => exec.kind === 'mcpArgs');
  assert.equal(toolExecs.length, count);
  for (const exec of toolExecs) {
    assert.equal(exec.answer, 'result', `exec ${exec.id} answered with a result`);
    assert.equal(exec.streamClosed, true, `exec ${exec.id} stream closed`);
  }
}

describe('opencode end to end (OpenAI chat completions)', () => {
  // opencode offers its write/edit tools to non-GPT models only; the next test covers a GPT model.
  test('a multi-step task writes, runs, edits and reads files, all on one upstream run', async () => {
    const cwd = await project();
    const file = join(cwd, 'notes.txt');
    const seen: string[] = [];
    await withStack(
      async (run) => {
        await run.requestContext();
        run.text('Writing the notes first.');
        seen.push(toolText(await run.toolCall({ name: 'write', args: { filePath: file, content: 'alpha\nomega\n' } })));
        seen.push(toolText(await run.toolCall({ name: 'bash', args: { command: 'echo beta > second.txt && cat second.txt' } })));
        seen.push(toolText(await run.toolCall({ name: 'edit', args: { filePath: file, oldString: 'alpha', newString: 'gamma' } })));
        seen.push(toolText(await run.toolCall({ name: 'read', args: { filePath: file } })));
        run.text('All four steps are done.');
      },
      async (stack) => {
        const opencode = await runOpencode(stack, { cwd, model: 'claude-4.5-sonnet', prompt: 'Prepare the notes.' });
        assert.equal(opencode.code, 0, opencode.stdout + opencode.stderr);
        assert.equal(opencode.finalText, 'All four steps are done.');
        assert.equal(await readFile(file, 'utf8'), 'gamma\nomega\n');
        assert.equal(await readFile(join(cwd, 'second.txt'), 'utf8'), 'beta\n');
        assert.match(seen[1], /beta/);
        assert.match(seen[3], /gamma/);
        assert.deepEqual(toolStatuses(opencode), [['write', 'completed'], ['bash', 'completed'], ['edit', 'completed'], ['read', 'completed']]);
        // Four tool round trips, five chat completions, one upstream run: no history was resent.
        assert.deepEqual(stepFinishReasons(opencode), ['tool-calls', 'tool-calls', 'tool-calls', 'tool-calls', 'stop']);
        assert.equal(stack.fake.runs.length, 1);
        const [record] = stack.fake.runs;
        assert.match(userText(record), /Prepare the notes\./);
        assert.ok(['write', 'bash', 'edit', 'read'].every((name) => declaredTools(record).includes(name)));
        assertToolExecsAnswered(record, 4);
      },
    );
  });

  test('with a GPT model, opencode patches, runs and reads files through its apply_patch tool, on one upstream run', async () => {
    const cwd = await project();
    const seen: string[] = [];
    await withStack(
      async (run) => {
        await run.requestContext();
        const patchText = ['*** Begin Patch', '*** Add File: plan.md', '+# Plan', '+- ship it', '*** End Patch'].join('\n');
        seen.push(toolText(await run.toolCall({ name: 'apply_patch', args: { patchText } })));
        seen.push(toolText(await run.toolCall({ name: 'bash', args: { command: 'wc -l < plan.md' } })));
        seen.push(toolText(await run.toolCall({ name: 'read', args: { filePath: join(cwd, 'plan.md') } })));
        run.text('The plan has two lines.');
      },
      async (stack) => {
        const opencode = await runOpencode(stack, { cwd, model: 'gpt-5', prompt: 'Write the plan.' });
        assert.equal(opencode.code, 0, opencode.stdout + opencode.stderr);
        assert.equal(opencode.finalText, 'The plan has two lines.');
        assert.equal(await readFile(join(cwd, 'plan.md'), 'utf8'), '# Plan\n- ship it\n');
        assert.match(seen[1], /^2\s*$/);
        assert.match(seen[2], /- ship it/);
        assert.deepEqual(toolStatuses(opencode), [['apply_patch', 'completed'], ['bash', 'completed'], ['read', 'completed']]);
        assert.equal(stack.fake.runs.length, 1);
        const [record] = stack.fake.runs;
        assert.equal(record.request.modelDetails?.modelId, 'gpt-5');
        assert.ok(declaredTools(record).includes('apply_patch') && !declaredTools(record).includes('write'));
        assertToolExecsAnswered(record, 3);
      },
    );
  });

  // Chat Completions tool messages have no error flag, so the failure reaches Cursor as the result's text.
  test('a failing tool reaches the model as its error text and the task still completes', async () => {
    const cwd = await project();
    let failure = '';
    await withStack(
      async (run) => {
        await run.requestContext();
        failure = toolText(await run.toolCall({ name: 'read', args: { filePath: join(cwd, 'missing.txt') } }));
        run.text(/not found/i.test(failure) ? 'The file does not exist, so I stopped.' : 'unexpected');
      },
      async (stack) => {
        const opencode = await runOpencode(stack, { cwd, model: 'gpt-5', prompt: 'Read missing.txt.' });
        assert.equal(opencode.code, 0, opencode.stdout + opencode.stderr);
        assert.match(failure, /File not found: .*missing\.txt/);
        assert.equal(opencode.finalText, 'The file does not exist, so I stopped.');
        assert.deepEqual(toolStatuses(opencode), [['read', 'error']]);
        assert.equal(stack.fake.runs.length, 1);
      },
    );
  });
});
