// Upstream bytes per turn of a long plain session: with Cursor's checkpoint kept and sent back
// (only the new message goes up) vs. rebuilt (a server that sends no checkpoint, so every turn
// carries the whole history as root-prompt blobs).
import { claudeCodeBody, encodeBody, type MessagesBody } from './lib/fixture.js';
import type { Measurement } from './lib/report.js';
import { withRig, type Rig } from './lib/rig.js';

const TURNS = 20;
/** Each new user message and each answer: about 600 and 1,200 bytes. */
const QUESTION = (n: number) => `Question ${n}: ${'please look at the next part of the module and explain it. '.repeat(10)}`;
const ANSWER = 'The module reads its configuration, validates each field and starts the server. '.repeat(15);

export const longSession: Measurement = {
  id: 'long-session',
  title: 'Upstream bytes per turn of a long session',
  method:
    `A ${TURNS}-turn session on the Claude Code fixture's system prompt and tools (non-streaming; each turn sends the whole ` +
    `history, as Claude Code does): new user message ${QUESTION(1).length} B, answer ${ANSWER.length} B. The fake reads the ` +
    'history it is sent (root blobs over KV, the turn blobs it minted from memory). Bytes = what the fake received on the ' +
    "turn's Run stream (FakeRunRecord.bytesReceived). Checkpoint: the fake mints each turn and checkpoints, the engine sends " +
    'the checkpoint back. Rebuilt: the fake sends no checkpoint, so every run carries the history.',
  async run(options) {
    const base = claudeCodeBody(options.repoRoot);
    const kept = await withRig(options, {}, (rig) => converse(rig, base, true));
    const rebuilt = await withRig(options, {}, (rig) => converse(rig, base, false));
    const at = (bytes: number[], turn: number) => bytes[turn - 1]!;
    return {
      metrics: [
        {
          name: `upstream bytes of turn ${TURNS}, checkpoint sent back`,
          value: at(kept, TURNS),
          unit: 'B',
          context: `turn 2: ${at(kept, 2).toLocaleString('en-US')} B, turn 10: ${at(kept, 10).toLocaleString('en-US')} B (flat: O(new message))`,
        },
        {
          name: `upstream bytes of turn ${TURNS}, history rebuilt`,
          value: at(rebuilt, TURNS),
          unit: 'B',
          context: `turn 2: ${at(rebuilt, 2).toLocaleString('en-US')} B, turn 10: ${at(rebuilt, 10).toLocaleString('en-US')} B (grows with the history)`,
        },
      ],
      raw: { turns: TURNS, kept, rebuilt },
    };
  },
};

/** Bytes the fake received for each turn's run. */
async function converse({ fake, client }: Rig, base: MessagesBody, checkpoint: boolean): Promise<number[]> {
  await fake.call('setScenario', { kind: 'session', answer: ANSWER, checkpoint });
  const messages: MessagesBody['messages'] = [];
  for (let turn = 1; turn <= TURNS; turn++) {
    messages.push({ role: 'user', content: QUESTION(turn) });
    const response = await client.messages(encodeBody({ ...base, messages, stream: false }), { keepBody: true });
    if (response.status !== 200) throw new Error(`turn ${turn}: HTTP ${response.status} ${response.body.toString().slice(0, 300)}`);
    const body = JSON.parse(response.body.toString()) as { content: Array<{ type: string; text?: string }> };
    messages.push({ role: 'assistant', content: body.content.filter((block) => block.type === 'text') });
  }
  return (await fake.call('runs')).map((run) => run.bytesReceived);
}
