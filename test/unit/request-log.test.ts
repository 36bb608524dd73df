// The request log file: size-capped rotation, a reader that skips bad lines and counts them,
// and a follower that sees appends across a rotation.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { followRequestLog, openRequestLog, readRequestLog, requestLogDir, requestLogPaths } from '../../src/proxy/log/request-log.js';
import { fanOut, poolOf, type RequestRecord } from '../../src/proxy/log/request-record.js';

let configDir: string;
beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'thalamus-reqlog-'));
});
afterEach(() => rm(configDir, { recursive: true, force: true }));

function record(id: string): RequestRecord {
  return { time: new Date(0).toISOString(), id, api: 'anthropic', model: 'sonnet', stream: true, status: 200, outcome: 'end_turn', durationMs: 5, toolCalls: 0 };
}

describe('request log writer', () => {
  it('rotates by size, keeps three older files, and never passes the cap per file', async () => {
    const log = openRequestLog(configDir, { maxBytes: 1000 });
    for (let index = 0; index < 100; index++) log.sink(record(`req_${String(index).padStart(3, '0')}`));
    await log.flush();
    const files = (await readdir(requestLogDir(configDir))).sort();
    assert.deepEqual(files, ['requests.1.jsonl', 'requests.2.jsonl', 'requests.3.jsonl', 'requests.jsonl']);
    for (const path of requestLogPaths(configDir)) assert.ok((await stat(path)).size <= 1000);
    const { records, skipped } = await readRequestLog(configDir);
    assert.equal(skipped, 0);
    // The newest records survive, in order.
    assert.equal(records.at(-1)!.id, 'req_099');
    assert.deepEqual(records.map((r) => r.id), [...records.map((r) => r.id)].sort());
    assert.ok(records.length < 100);
    if (process.platform !== 'win32') assert.equal((await stat(requestLogPaths(configDir)[0]!)).mode & 0o777, 0o600);
  });

  it('writes after the current event-loop turn, and again after the folder was removed under it', async () => {
    const log = openRequestLog(configDir);
    log.sink(record('req_1'));
    // Looked at synchronously: an async read can outlast the turn and see the write.
    assert.equal(existsSync(requestLogPaths(configDir)[0]!), false, 'not written on the request path');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual((await readRequestLog(configDir)).records.map((r) => r.id), ['req_1']);
    await rm(requestLogDir(configDir), { recursive: true });
    log.sink(record('req_2'));
    await log.flush();
    assert.deepEqual((await readRequestLog(configDir)).records.map((r) => r.id), ['req_2']);
  });

  it('reads the last N across files', async () => {
    const log = openRequestLog(configDir, { maxBytes: 600 });
    for (let index = 0; index < 12; index++) log.sink(record(`req_${index}`));
    await log.flush();
    const { records } = await readRequestLog(configDir, 5);
    assert.deepEqual(records.map((r) => r.id), ['req_7', 'req_8', 'req_9', 'req_10', 'req_11']);
  });
});

describe('request log reader', () => {
  it('skips corrupt, truncated and foreign lines and counts them', async () => {
    const log = openRequestLog(configDir);
    log.sink(record('req_a'));
    await log.flush();
    const path = requestLogPaths(configDir)[0]!;
    await appendFile(path, 'not json\n{"id":"no other fields"}\n[1,2]\n');
    log.sink(record('req_b'));
    await log.flush();
    await appendFile(path, '{"time":"2026-01-01T00:00:00Z","id":"req_trunc');
    const { records, skipped } = await readRequestLog(configDir);
    assert.deepEqual(records.map((r) => r.id), ['req_a', 'req_b']);
    assert.equal(skipped, 4);
  });

  it('reads nothing, without failing, when there is no log yet', async () => {
    assert.deepEqual(await readRequestLog(configDir, 10), { records: [], skipped: 0 });
  });

  it('follows appends, including across a rotation, and reports bad lines', async () => {
    const log = openRequestLog(configDir, { maxBytes: 400 });
    log.sink(record('req_before'));
    await log.flush();
    const seen: string[] = [];
    let skipped = 0;
    const abort = new AbortController();
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const following = followRequestLog(configDir, (r) => seen.push(r.id), { signal: abort.signal, intervalMs: 5, onSkipped: (n) => (skipped += n), onReady: ready });
    const waitFor = async (check: () => boolean) => {
      for (let waited = 0; !check(); waited += 5) {
        if (waited > 10_000) assert.fail(`saw ${seen.join(',')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    // The follower starts at the end of the file.
    await isReady;
    log.sink(record('req_1'));
    await log.flush();
    await waitFor(() => seen.includes('req_1'));
    await appendFile(requestLogPaths(configDir)[0]!, 'garbage\n');
    await waitFor(() => skipped === 1);
    // Enough to rotate (each line is ~150 bytes).
    for (let index = 2; index <= 6; index++) {
      log.sink(record(`req_${index}`));
      await log.flush();
      await waitFor(() => seen.includes(`req_${index}`));
    }
    abort.abort();
    await following;
    assert.deepEqual(seen, ['req_1', 'req_2', 'req_3', 'req_4', 'req_5', 'req_6']);
    assert.ok(!seen.includes('req_before'));
  });
});

describe('request record helpers', () => {
  it('puts Auto and Composer in the auto pool and the rest in the API pool', () => {
    assert.equal(poolOf('default'), 'auto');
    assert.equal(poolOf('composer-1'), 'auto');
    assert.equal(poolOf('claude-4.5-sonnet'), 'api');
    assert.equal(poolOf(undefined), undefined);
  });

  it('fans a record out to every sink even when one throws', () => {
    const got: string[] = [];
    const errors: unknown[] = [];
    const sink = fanOut([() => { throw new Error('disk'); }, (r) => got.push(r.id)], (error) => errors.push(error));
    sink(record('req_x'));
    assert.deepEqual(got, ['req_x']);
    assert.equal(errors.length, 1);
  });
});
