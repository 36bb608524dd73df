// The fake Cursor server in its own process, so the gateway's CPU and memory are measured
// without it. Started by fake-process.ts.
import { startFakeCursor } from '../../src/fake-cursor/index.js';
import { frameClientMessage } from '../../src/proxy/cursor/client-messages.js';
import type { FakeApi, FakeReady } from './fake-process.js';
import { serveIpc } from './ipc.js';
import { scriptFor } from './scenarios.js';

const fake = await startFakeCursor({ script: scriptFor({ kind: 'reply', text: 'ok' }) });

const api: FakeApi = {
  setScenario: (scenario) => fake.setScript(scriptFor(scenario)),
  runs: () =>
    fake.runs.map((run) => ({
      bytesReceived: run.bytesReceived,
      // The record's clock is this process's performance.now(); the epoch makes it comparable.
      cancelActionAt: run.cancelActionAt === undefined ? undefined : performance.timeOrigin + run.cancelActionAt,
    })),
  lastRunRequestFrame: () => {
    const first = fake.runs.at(-1)?.received[0];
    if (!first) throw new Error('no Run seen yet');
    return Buffer.from(frameClientMessage(first)).toString('base64');
  },
  // The fake keeps every run it saw; thousands of runs would grow its memory for nothing.
  clearRuns: () => {
    fake.runs.length = 0;
  },
};

serveIpc(api, { url: fake.url } satisfies FakeReady);
