// The interaction-query answerer, arm by arm, at the byte level: each answer must be in its
// own arm's layout (reference §4.13), so the expected bytes are written out by hand here.
import { create, toBinary } from '@bufbuild/protobuf';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InteractionQuerySchema, InteractionResponseSchema, type InteractionQuery } from '../../src/gen/agent/v1/interaction_pb.js';
import { REASONS, answerInteractionQuery } from '../../src/proxy/cursor/interaction-query.js';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return [...out, n];
}

const ID = 7;
const idField = [0x08, ID];
const unavailable = REASONS.unavailable;

function answerBytes(query: InteractionQuery['query'], webSearch = false): number[] {
  const answer = answerInteractionQuery(create(InteractionQuerySchema, { id: ID, query }), { webSearch });
  assert.equal(answer.kind, 'answer');
  assert.ok(answer.kind === 'answer' && answer.message.message.case === 'interactionResponse');
  return [...toBinary(InteractionResponseSchema, answer.message.message.value)];
}

/** A length-delimited field: tag (field << 3 | 2), varint length, bytes. */
function ldLong(field: number, body: number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(body.length), ...body];
}
const str = (field: number, text: string) => ldLong(field, [...Buffer.from(text)]);
const msg = (field: number, ...parts: number[][]) => ldLong(field, parts.flat());

describe('answerInteractionQuery: one answer per arm, in that arm’s own layout', () => {
  const q = <C extends NonNullable<InteractionQuery['query']['case']>>(c: C) => ({ case: c, value: {} }) as InteractionQuery['query'];
  const table: Array<[number, InteractionQuery['query'], number[]]> = [
    // 2 web search → rejected {reason} in field 2 of the arm's oneof (not the ask-question layout)
    [2, q('webSearchRequestQuery'), msg(2, msg(2, str(1, REASONS.webSearch)))],
    // 3 ask_question → {1 result {3 rejected {1 reason}}}
    [3, q('askQuestionInteractionQuery'), msg(3, msg(1, msg(3, str(1, REASONS.askQuestion))))],
    [4, q('switchModeRequestQuery'), msg(4, msg(2, str(1, REASONS.switchMode)))],
    [5, q('exaSearchRequestQuery'), msg(5, msg(2, str(1, unavailable("Cursor's Exa search"))))],
    [6, q('exaFetchRequestQuery'), msg(6, msg(2, str(1, unavailable("Cursor's Exa fetch"))))],
    // 7 create_plan → {1 result {2 error {1 error}}}
    [7, q('createPlanRequestQuery'), msg(7, msg(1, msg(2, str(1, REASONS.createPlan))))],
    // 8 setup VM → success {} (there is no reject arm)
    [8, q('setupVmEnvironmentArgs'), msg(8, msg(1))],
    [9, q('webFetchRequestQuery'), msg(9, msg(2, str(1, unavailable("Cursor's web fetch"))))],
    // 10 PR management → rejected is field 3 here
    [10, q('prManagementRequestQuery'), msg(10, msg(3, str(1, unavailable('Pull-request management'))))],
    [11, q('mcpAuthRequestQuery'), msg(11, msg(2, str(1, unavailable('MCP server authorisation'))))],
    [12, q('generateImageRequestQuery'), msg(12, msg(2, str(1, unavailable('Image generation'))))],
    // 13 replace_env → failure {1 error_message}
    [13, q('replaceEnvArgs'), msg(13, msg(2, str(1, REASONS.replaceEnv)))],
    [14, q('connectScmRequestQuery'), msg(14, msg(2, str(1, unavailable('Connecting source control'))))],
  ];
  for (const [arm, query, expected] of table) {
    it(`arm ${arm} (${query.case})`, () => {
      assert.deepEqual(answerBytes(query), [...idField, ...expected]);
    });
  }

  it('approves a web search only on a run that asked for web search: approved {} in field 1', () => {
    assert.deepEqual(answerBytes(q('webSearchRequestQuery'), true), [...idField, ...msg(2, msg(1))]);
  });

  it('declines an async ask_question too (no async {} answer that would need a later completion)', () => {
    const query = { case: 'askQuestionInteractionQuery' as const, value: create(InteractionQuerySchema.field.askQuestionInteractionQuery.message!, { args: { runAsync: true } }) };
    assert.deepEqual(answerBytes(query as InteractionQuery['query']), [...idField, ...msg(3, msg(1, msg(3, str(1, REASONS.askQuestion))))]);
  });

  it('echoes id 0 by leaving it off the wire', () => {
    const answer = answerInteractionQuery(create(InteractionQuerySchema, { id: 0, query: q('mcpAuthRequestQuery') }), { webSearch: false });
    assert.ok(answer.kind === 'answer' && answer.message.message.case === 'interactionResponse');
    assert.equal(toBinary(InteractionResponseSchema, answer.message.message.value)[0], 0x5a); // field 11, no id field
  });

  it('reports an arm it does not know by its field number, without answering', () => {
    const query = create(InteractionQuerySchema, { id: 3 });
    query.$unknown = [{ no: 42, wireType: 2, data: new Uint8Array([0]) }];
    assert.deepEqual(answerInteractionQuery(query, { webSearch: false }), { kind: 'unknown', arm: 42 });
    assert.deepEqual(answerInteractionQuery(create(InteractionQuerySchema, { id: 3 }), { webSearch: false }), {
      kind: 'unknown',
      arm: undefined,
    });
  });
});
