// `thalamus logs`: table and JSON output, --limit, --follow, and bad lines skipped with a note.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { formatRecord, logsCommand, type LogsOptions } from '../../src/proxy/log/logs-command.js';
import { openRequestLog, requestLogPaths } from '../../src/proxy/log/request-log.js';
import type { RequestRecord } from '../../src/proxy/log/request-record.js';

let configDir: string;
beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'thalamus-logs-'));
});
afterEach(() => rm(configDir, { recursive: true, force: true }));

const RECORD: RequestRecord = {
  time: '2026-01-01T10:00:00.000Z',
  id: 'req_1',
  api: 'anthropic',
  model: 'sonnet',
  cursorModel: 'claude-4.5-sonnet',
  pool: 'api',
  stream: true,
  status: 200,
  outcome: 'tool_use',
  ttftMs: 850,
  durationMs: 1200,
  inputTokens: 1500,
  outputTokens: 42,
  toolCalls: 2,
  runId: 'run-1',
};

async function writeRecords(records: RequestRecord[]): Promise<void> {
  const log = openRequestLog(configDir);
  records.forEach(log.sink);
  await log.flush();
}

function run(options: Partial<LogsOptions>) {
  let out = '';
  let err = '';
  const done = logsCommand({
    configDir,
    json: false,
    follow: false,
    limit: 20,
    out: (text) => (out += text),
    err: (text) => (err += text),
    signal: new AbortController().signal,
    ...options,
  });
  return { done, out: () => out, err: () => err };
}

describe('thalamus logs', () => {
  it('prints the last N records as JSON lines, oldest first', async () => {
    await writeRecords([1, 2, 3].map((n) => ({ ...RECORD, id: `req_${n}` })));
    const result = run({ json: true, limit: 2 });
    assert.equal(await result.done, 0);
    assert.deepEqual(result.out().trim().split('\n').map((line) => (JSON.parse(line) as RequestRecord).id), ['req_2', 'req_3']);
  });

  it('prints a table row with both models, timings, tokens and tools, and a failure message below', async () => {
    const failed: RequestRecord = { ...RECORD, id: 'req_f', status: 429, outcome: 'rate_limited', errorClass: 'rate_limited', errorMessage: 'Too many requests', ttftMs: undefined, inputTokens: undefined, outputTokens: undefined, toolCalls: 0 };
    await writeRecords([RECORD, failed]);
    const result = run({});
    await result.done;
    const lines = result.out().split('\n');
    assert.match(lines[0]!, /^time\s+status\s+api\s+model → cursor/);
    assert.match(lines[1]!, /200\s+anthropic\s+sonnet → claude-4\.5-sonnet\s+tool_use\s+0\.85s\s+1\.20s\s+1500\/42\s+2\s+req_1$/);
    assert.match(lines[2]!, /429\s+anthropic .*rate_limited\s+-\s+.*req_f$/);
    assert.equal(lines[3], '    Too many requests');
    assert.equal(formatRecord({ ...RECORD, cursorModel: 'sonnet' }).includes('→'), false, 'one model when both are the same');
  });

  it('skips corrupt lines and says how many on stderr', async () => {
    await writeRecords([RECORD]);
    await appendFile(requestLogPaths(configDir)[0]!, '{"broken\nnot json\n');
    const result = run({ json: true });
    assert.equal(await result.done, 0);
    assert.equal(result.out().trim().split('\n').length, 1);
    assert.match(result.err(), /skipped 2 unreadable lines in the request log/);
  });

  it('says so when the log is empty', async () => {
    const result = run({});
    assert.equal(await result.done, 0);
    assert.equal(result.out(), '');
    assert.match(result.err(), /the request log is empty/);
  });

  it('--follow prints new records until stopped', async () => {
    await writeRecords([RECORD]);
    const stop = new AbortController();
    const result = run({ json: true, follow: true, signal: stop.signal });
    for (let waited = 0; !result.out().includes('req_1'); waited += 10) {
      if (waited > 10_000) assert.fail('the past record was not printed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Keep appending until the follower (which starts at the end of the file) has seen one.
    for (let n = 2; !result.out().includes('req_new'); n++) {
      if (n > 200) assert.fail('follow printed nothing new');
      await writeRecords([{ ...RECORD, id: 'req_new' }]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stop.abort();
    assert.equal(await result.done, 0);
  });
});
