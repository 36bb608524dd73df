// The preload as Electron loads it: bundled to one CommonJS file, run with a sandbox-like
// `require` that knows only `electron`, its main-world function run from its source text
// in a fresh context — as contextBridge.executeInMainWorld does.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { after, before, test } from 'node:test';
import type { ThalamusApi } from '../../src/shared/thalamus-api.js';

const run = promisify(execFile);
let outDir: string;

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'thalamus-preload-'));
  await run(process.execPath, ['scripts/bundle-preload.mjs', outDir]);
});
after(() => rm(outDir, { recursive: true, force: true }));

test('the bundled preload needs only `electron` and defines window.thalamus in the page’s world', async () => {
  const code = await readFile(join(outDir, 'index.cjs'), 'utf8');
  const invoked: Array<[string, unknown[]]> = [];
  const page: { crypto: typeof globalThis.crypto; thalamus?: ThalamusApi } = { crypto: globalThis.crypto };
  const electron = {
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, args]);
        return { ok: true, value: { requestsToday: 4 } };
      },
      on: () => {},
      removeListener: () => {},
    },
    contextBridge: {
      executeInMainWorld: ({ func, args }: { func: (...args: unknown[]) => unknown; args: unknown[] }) =>
        runInNewContext(`(${func.toString()})(...args)`, Object.assign(page, { args })),
    },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require '${name}'`);
  };
  runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });

  assert.ok(page.thalamus, 'window.thalamus exists');
  assert.deepEqual(await page.thalamus.getStatus(), { requestsToday: 4 });
  assert.deepEqual(invoked, [['thalamus:get-status', []]]);
  assert.equal(typeof page.thalamus.chat, 'function');
});
