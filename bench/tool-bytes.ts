// Upstream bytes per tool round trip: a 5-step tool conversation with the run kept open
// (results written into the parked run) vs. rebuilt (every step a new run with the history).
import { claudeCodeBody, encodeBody, type MessagesBody } from './lib/fixture.js';
import type { Measurement } from './lib/report.js';
import { waitUntil, withRig, type Rig } from './lib/rig.js';

const STEPS = 5;
const TOOL = 'Read';
/** What each tool call returns to the model: a 20-line file, about 1 KB. */
const RESULT_TEXT = Array.from({ length: 20 }, (_, i) => `export const line${i} = ${i}; // some source text of this file`).join('\n');

interface Conversation {
  /** Upstream bytes of each tool round trip (results to the next step), in order. */
  roundTrips: number[];
  /** Bytes of the first request's run (run request, KV answers, request context). */
  firstRequest: number;
  runs: number;
}

export const toolBytes: Measurement = {
  id: 'tool-bytes',
  title: 'Upstream bytes per tool round trip',
  method:
    `A ${STEPS}-step tool conversation on the Claude Code fixture (non-streaming requests; the fake calls ${TOOL} once per step and ` +
    `fetches every history blob over KV at the start of each run, as Cursor does); each tool_result is ${RESULT_TEXT.length} bytes ` +
    'of text. Bytes = what the fake received on its Run streams (FakeRunRecord.bytesReceived: envelopes, run request, KV and ' +
    'request-context answers, results, heartbeats). Kept open: the default engine; a round trip = growth of the one run\'s ' +
    'bytes between two tool_use responses. Rebuilt: a gateway whose parked runs expire after 1 ms (the client waits until none ' +
    'is parked), so every step is a new run carrying the whole conversation; a round trip = the bytes of that new run.',
  async run(options) {
    const base = claudeCodeBody(options.repoRoot);
    const keptOpen = await withRig(options, {}, (rig) => converse(rig, base, false));
    const rebuilt = await withRig(options, { parkedRunTtlMs: 1 }, (rig) => converse(rig, base, true));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      metrics: [
        {
          name: 'upstream bytes per tool round trip, run kept open',
          value: mean(keptOpen.roundTrips),
          unit: 'B',
          context: `${keptOpen.runs} run; tool result ${RESULT_TEXT.length} B; first request ${keptOpen.firstRequest.toLocaleString('en-US')} B`,
        },
        {
          name: 'upstream bytes per tool round trip, rebuilt run',
          value: mean(rebuilt.roundTrips),
          unit: 'B',
          context: `${rebuilt.runs} runs; ${(mean(rebuilt.roundTrips) / mean(keptOpen.roundTrips)).toFixed(0)}× the kept-open run; per step ${rebuilt.roundTrips.map((b) => b.toLocaleString('en-US')).join(', ')} B`,
        },
      ],
      raw: { steps: STEPS, resultBytes: RESULT_TEXT.length, keptOpen, rebuilt },
    };
  },
};

async function converse({ fake, gateway, client }: Rig, base: MessagesBody, rebuild: boolean): Promise<Conversation> {
  const messages = [...base.messages];
  const bytesAfterResponse: number[] = [];
  const runBytes = async () => (await fake.call('runs')).map((run) => run.bytesReceived);
  if (!rebuild) await fake.call('setScenario', { kind: 'tools', tool: TOOL, toolCalls: STEPS });
  for (let step = 0; ; step++) {
    if (rebuild) await fake.call('setScenario', { kind: 'tools', tool: TOOL, toolCalls: step < STEPS ? 1 : 0 });
    const turn = await client.messages(encodeBody({ ...base, messages, stream: false }), { keepBody: true });
    const response = JSON.parse(turn.body.toString()) as { stop_reason?: string; content?: Array<Record<string, unknown>> };
    if (turn.status !== 200) throw new Error(`step ${step}: HTTP ${turn.status} ${turn.body.toString().slice(0, 300)}`);
    const bytes = await runBytes();
    // Kept open: the one run's running total. Rebuilt: this step's own run.
    bytesAfterResponse.push(rebuild ? bytes.at(-1)! : bytes[0]!);
    if (response.stop_reason !== 'tool_use') {
      if (step !== STEPS) throw new Error(`the conversation ended after ${step} of ${STEPS} steps (${response.stop_reason})`);
      const roundTrips = rebuild ? bytesAfterResponse.slice(1) : bytesAfterResponse.slice(1).map((total, i) => total - bytesAfterResponse[i]!);
      return { roundTrips, firstRequest: bytesAfterResponse[0]!, runs: bytes.length };
    }
    const toolUse = response.content?.find((block) => block.type === 'tool_use');
    if (!toolUse) throw new Error('tool_use response without a tool_use block');
    messages.push({ role: 'assistant', content: response.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: RESULT_TEXT }] });
    if (rebuild) await waitUntil(async () => (await gateway.call('engineStats')).parkedRuns === 0, 'the parked run expired');
  }
}
