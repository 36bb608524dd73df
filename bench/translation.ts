// Translation time: a 1 MB Claude Code conversation from the request body's bytes to the
// framed upstream run request, through the same functions the gateway calls.
import { performance } from 'node:perf_hooks';
import { parseAnthropicRequest } from '../src/proxy/anthropic/request.js';
import { countConversationTokens } from '../src/proxy/tokens/count-tokens.js';
import { TokenMemo } from '../src/proxy/tokens/token-memo.js';
import { BlobStore } from '../src/proxy/cursor/blob-store.js';
import { frameClientMessage, runRequestMessage } from '../src/proxy/cursor/client-messages.js';
import { DEFAULT_HISTORY_MODE } from '../src/proxy/cursor/history.js';
import { hostEnvironment } from '../src/proxy/cursor/request-context.js';
import { buildRunRequest, declaredTools } from '../src/proxy/cursor/run-request.js';
import { ToolSets } from '../src/proxy/cursor/tool-set.js';
import { claudeCodeBody } from './lib/fixture.js';
import { longConversation } from './lib/long-conversation.js';
import type { Measurement } from './lib/report.js';
import { MB, median, percentile } from './lib/stats.js';

const TARGET_BYTES = 1 * MB;
const ITERATIONS = 100;
const WARMUP = 20;

const STAGES = ['JSON.parse', 'parseAnthropicRequest', 'buildRunRequest', 'encode + frame'] as const;

export const translation: Measurement = {
  id: 'translation',
  title: 'Request translation',
  method:
    'A generated Claude Code session of 1 MB (the fixture\'s system prompt and tools, then turns of assistant text + Read/Bash ' +
    'tool_use and 40-line tool_result blocks) as a JSON string, translated in this process by the functions the gateway runs: ' +
    'JSON.parse (express.json), parseAnthropicRequest, buildRunRequest (history blobs into one shared BlobStore, tools from one shared ToolSets, request ' +
    `context), runRequestMessage + frameClientMessage (protobuf encoding). Median of ${ITERATIONS} after ${WARMUP} warm-up. ` +
    'The shared BlobStore has seen the history, as on every turn after the first of a session (a follow-up adds one or two ' +
    'new messages: microseconds); the same translation into an empty BlobStore is reported as "never seen before". ' +
    'countConversationTokens (the local input_tokens estimate the turn driver computes on every request) timed in its own loop, ' +
    'on first sight (an empty TokenMemo) and repeated (a memo that has seen the conversation, as on the next turn).',
  async run({ quick, repoRoot }) {
    const iterations = quick ? 10 : ITERATIONS;
    const text = JSON.stringify(longConversation(claudeCodeBody(repoRoot), TARGET_BYTES));
    const blobStore = new BlobStore();
    const toolSets = new ToolSets();
    const environment = hostEnvironment();
    const model = { id: 'claude-4.5-opus-thinking', thinking: true };
    const header = () => undefined;

    const stageMs: Record<(typeof STAGES)[number], number[]> = { 'JSON.parse': [], parseAnthropicRequest: [], buildRunRequest: [], 'encode + frame': [] };
    const totalMs: number[] = [];
    const tokenMs = { firstSight: [] as number[], repeat: [] as number[] };
    const repeatMemo = new TokenMemo();
    let frameBytes = 0;
    let messages = 0;
    const warmup = quick ? 2 : WARMUP;
    for (let i = 0; i < warmup + iterations; i++) {
      const t0 = performance.now();
      const body: unknown = JSON.parse(text);
      const t1 = performance.now();
      const { conversation } = parseAnthropicRequest(body, header);
      const t2 = performance.now();
      const built = buildRunRequest({ conversation, model, tools: toolSets.of(declaredTools(conversation)), blobStore, historyMode: DEFAULT_HISTORY_MODE, environment });
      const t3 = performance.now();
      const frame = frameClientMessage(runRequestMessage(built.request));
      const t4 = performance.now();
      if (i < warmup) continue;
      [t1 - t0, t2 - t1, t3 - t2, t4 - t3].forEach((ms, stage) => stageMs[STAGES[stage]!].push(ms));
      totalMs.push(t4 - t0);
      frameBytes = frame.length;
      messages = conversation.messages.length;
    }
    // A first look into an empty BlobStore: every history message rendered and hashed.
    const firstSightMs: number[] = [];
    for (let i = 0; i < warmup + iterations; i++) {
      const t0 = performance.now();
      const { conversation } = parseAnthropicRequest(JSON.parse(text), header);
      const built = buildRunRequest({ conversation, model, tools: new ToolSets().of(declaredTools(conversation)), blobStore: new BlobStore(), historyMode: DEFAULT_HISTORY_MODE, environment });
      frameClientMessage(runRequestMessage(built.request));
      if (i >= warmup) firstSightMs.push(performance.now() - t0);
    }
    // Token counting in a loop of its own: first-sight counts allocate heavily, and the GC
    // they cause would land in the translation stages' timings.
    const { conversation } = parseAnthropicRequest(JSON.parse(text), header);
    for (let i = 0; i < warmup + iterations; i++) {
      const t0 = performance.now();
      countConversationTokens(conversation, new TokenMemo());
      const t1 = performance.now();
      countConversationTokens(conversation, repeatMemo);
      const t2 = performance.now();
      if (i < warmup) continue;
      tokenMs.firstSight.push(t1 - t0);
      tokenMs.repeat.push(t2 - t1);
    }
    const breakdown = STAGES.map((stage) => `${stage} ${median(stageMs[stage]).toFixed(2)}`).join(', ');
    return {
      metrics: [
        {
          name: 'translation of a 1 MB conversation',
          value: median(totalMs),
          unit: 'ms',
          target: { op: '<=', limit: 5 },
          context: `${breakdown} ms; p99 ${percentile(totalMs, 99).toFixed(2)} ms; history seen on an earlier turn`,
        },
        {
          name: 'translation, history never seen before',
          value: median(firstSightMs),
          unit: 'ms',
          context: `every history message rendered to a blob and hashed; p99 ${percentile(firstSightMs, 99).toFixed(2)} ms`,
        },
        {
          name: 'token count of the same conversation, repeated',
          value: median(tokenMs.repeat),
          unit: 'ms',
          context: `countConversationTokens, on every request (input_tokens); first sight ${median(tokenMs.firstSight).toFixed(1)} ms`,
        },
      ],
      raw: {
        bodyBytes: Buffer.byteLength(text),
        messages,
        runRequestFrameBytes: frameBytes,
        historyBlobs: blobStore.size,
        totalMs: { p50: median(totalMs), p99: percentile(totalMs, 99) },
        firstSightMs: { p50: median(firstSightMs), p99: percentile(firstSightMs, 99) },
        stagesMedianMs: Object.fromEntries(STAGES.map((stage) => [stage, median(stageMs[stage])])),
        countTokensMs: {
          firstSight: { p50: median(tokenMs.firstSight), p99: percentile(tokenMs.firstSight, 99) },
          repeat: { p50: median(tokenMs.repeat), p99: percentile(tokenMs.repeat, 99) },
        },
      },
    };
  },
};
