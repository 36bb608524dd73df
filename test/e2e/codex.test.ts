// The real Codex CLI completing a multi-step task through Thalamus's /v1/responses, backed by
// the fake Cursor server. Assertions are on real effects: a file on disk, the exit code, Codex's
// JSON events, what the fake Cursor run received, and how many upstream runs the task took.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeRunRecord } from '../../src/fake-cursor/index.js';
import { CODEX_BIN, codexInstalled, runCodex } from './codex-harness.js';
import { startStack, toolText } from './stack.js';

before(() => {
  assert.ok(codexInstalled(), `Codex is not installed at ${CODEX_BIN} (node scripts/install-e2e-clients.mjs installs it)`);
});

function declaredTools(record: FakeRunRecord): string[] {
  return record.request.mcpTools?.mcpTools.map((tool) => tool.toolName) ?? [];
}

describe('Codex end to end (OpenAI Responses)', () => {
  test('a multi-step task runs exec_command twice, writes a file, and the results reach the model, all on one upstream run', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'thalamus-e2e-project-'));
    const seen: string[] = [];
    const stack = await startStack(async (run) => {
      await run.requestContext();
      run.text('Writing the proof file first.');
      seen.push(toolText(await run.toolCall({ name: 'exec_command', args: { cmd: 'echo made-by-codex > proof.txt && cat proof.txt' } })));
      seen.push(toolText(await run.toolCall({ name: 'exec_command', args: { cmd: 'wc -c < proof.txt' } })));
      run.text('proof.txt is written and holds 14 bytes.');
      run.turnEnded();
    });
    try {
      const codex = await runCodex(stack, { cwd, model: 'gpt-5', prompt: 'Write proof.txt and check its size.' });
      assert.equal(codex.code, 0, codex.stdout + codex.stderr);
      assert.equal(await readFile(join(cwd, 'proof.txt'), 'utf8'), 'made-by-codex\n');
      assert.deepEqual(
        codex.commands.map((command) => command.exit_code),
        [0, 0],
      );
      assert.equal(seen.length, 2);
      assert.match(seen[0]!, /made-by-codex/);
      assert.match(seen[1]!, /\b14\b/);
      assert.equal(codex.finalText, 'proof.txt is written and holds 14 bytes.');
      // One Cursor run for the whole task: both tool results went back into the parked run.
      assert.equal(stack.fake.runs.length, 1);
      const record = stack.fake.runs[0]!;
      assert.ok(declaredTools(record).includes('exec_command'), `declared: ${declaredTools(record).join(', ')}`);
      assert.ok(!declaredTools(record).some((name) => /web_search/.test(name)), 'hosted tools stay out of what Cursor sees');
      // Timing is reported, not asserted (benchmarks are not tests).
      console.log(`# codex multi-step task: ${codex.ms} ms wall, 3 model requests, ${stack.fake.runs.length} upstream run`);
    } finally {
      await stack.close();
    }
  });

  test('a plain answer arrives with Cursor reasoning as a reasoning summary, through the printed block used as a profile', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'thalamus-e2e-project-'));
    const stack = await startStack(async (run) => {
      await run.requestContext();
      run.thinking('Checking what was asked.');
      run.thinkingCompleted(10);
      run.text('Hello from Cursor, through Thalamus.');
      run.turnEnded();
    });
    try {
      const codex = await runCodex(stack, { cwd, model: 'gpt-5', prompt: 'Say hello.', asProfile: true });
      assert.equal(codex.code, 0, codex.stdout + codex.stderr);
      assert.equal(codex.finalText, 'Hello from Cursor, through Thalamus.');
      const reasoning = codex.events.filter((event) => event.type === 'item.completed' && event.item?.type === 'reasoning');
      assert.match(reasoning[0]?.item?.text ?? '', /Checking what was asked/);
      assert.equal(stack.fake.runs.length, 1);
      // The profile's model, not the user's own "o3", reached the gateway.
      assert.equal(stack.fake.runs[0]!.request.modelDetails?.modelId, 'gpt-5');
      assert.match(userTextOf(stack.fake.runs[0]!), /Say hello\./);
      console.log(`# codex plain answer: ${codex.ms} ms wall, 1 model request, ${stack.fake.runs.length} upstream run`);
    } finally {
      await stack.close();
    }
  });

  test('Codex’s hosted web_search runs on Cursor’s search: Codex shows the search, then the answer', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'thalamus-e2e-project-'));
    const seen: string[] = [];
    const stack = await startStack(async (run) => {
      const context = await run.requestContext();
      seen.push(`search=${context.webSearchEnabled} fetch=${context.webFetchEnabled}`);
      seen.push((await run.webSearch('thalamus releases', { hits: [{ title: 'Release notes', url: 'https://docs.example.com/releases', chunk: 'Version 2 shipped.' }] })).verdict);
      run.text('Version 2 shipped.');
      run.turnEnded();
    });
    try {
      const codex = await runCodex(stack, { cwd, model: 'gpt-5', prompt: 'Search the web: what shipped in thalamus?' });
      assert.equal(codex.code, 0, codex.stdout + codex.stderr);
      assert.deepEqual(seen, ['search=true fetch=false', 'approved']);
      const searches = codex.events.filter((event) => event.type === 'item.completed' && event.item?.type === 'web_search');
      assert.equal(searches.length, 1, codex.stdout);
      assert.match(JSON.stringify(searches[0]!.item), /thalamus releases/);
      assert.equal(codex.finalText, 'Version 2 shipped.');
      console.log(`# codex web search: ${codex.ms} ms wall, ${stack.fake.runs.length} upstream run`);
    } finally {
      await stack.close();
    }
  });
});

/** The user's prompt as the fake received it. */
function userTextOf(record: FakeRunRecord): string {
  const action = record.request.action?.action;
  return action?.case === 'userMessageAction' ? (action.value.userMessage?.text ?? '') : '';
}
