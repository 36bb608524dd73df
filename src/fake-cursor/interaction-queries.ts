// The fake server's side of interaction queries (reference §4.13): a plausible query for every
// arm (and one in an arm no client knows), and the answer read the way the real server reads
// it — in the layout of the arm it was asked in, whatever layout the client meant.
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  type InteractionQuery,
  InteractionQuerySchema,
  type InteractionResponse,
  InteractionResponseSchema,
} from '../gen/agent/v1/interaction_pb.js';
import type { InteractionQueryKind, InteractionVerdict } from './types.js';

/** A field number no known query arm uses. */
export const UNKNOWN_QUERY_ARM = 99;

type QueryInit = NonNullable<MessageInitShape<typeof InteractionQuerySchema>['query']>;

const QUERIES: { [K in Exclude<InteractionQueryKind, 'unknown'>]: (toolCallId: string) => QueryInit } = {
  web_search: (toolCallId) => ({ case: 'webSearchRequestQuery', value: { args: { searchTerm: 'thalamus gateway', toolCallId } } }),
  ask_question: (toolCallId) => ({ case: 'askQuestionInteractionQuery', value: { args: {}, toolCallId } }),
  switch_mode: (toolCallId) => ({
    case: 'switchModeRequestQuery',
    value: { args: { targetModeId: 'plan', explanation: 'This needs a plan first.', toolCallId } },
  }),
  exa_search: () => ({ case: 'exaSearchRequestQuery', value: {} }),
  exa_fetch: () => ({ case: 'exaFetchRequestQuery', value: {} }),
  create_plan: (toolCallId) => ({ case: 'createPlanRequestQuery', value: { args: {}, toolCallId } }),
  setup_vm: () => ({ case: 'setupVmEnvironmentArgs', value: { installCommand: 'npm ci', startCommand: 'npm start' } }),
  web_fetch: () => ({ case: 'webFetchRequestQuery', value: { args: {} } }),
  pr_management: () => ({ case: 'prManagementRequestQuery', value: {} }),
  mcp_auth: () => ({ case: 'mcpAuthRequestQuery', value: {} }),
  generate_image: () => ({ case: 'generateImageRequestQuery', value: {} }),
  replace_env: () => ({ case: 'replaceEnvArgs', value: {} }),
  connect_scm: () => ({ case: 'connectScmRequestQuery', value: {} }),
};

export function interactionQueryOf(kind: InteractionQueryKind, id: number, toolCallId: string): InteractionQuery {
  if (kind !== 'unknown') return create(InteractionQuerySchema, { id, query: QUERIES[kind](toolCallId) });
  const query = create(InteractionQuerySchema, { id });
  // An empty message in a field no arm uses: length-delimited, zero bytes.
  query.$unknown = [{ no: UNKNOWN_QUERY_ARM, wireType: 2, data: new Uint8Array([0]) }];
  return query;
}

type Inner = { case?: string; value?: { reason?: string; error?: string; errorMessage?: string } };

/** The response arm's field number and its inner case, decoded in that arm's own layout. */
export function interactionVerdict(response: InteractionResponse): InteractionVerdict {
  const result = response.result;
  if (result.case === undefined) return { arm: 0, verdict: 'empty' };
  const arm = InteractionResponseSchema.field[result.case].number;
  // Arms 3 and 7 wrap their oneof in a `result` message (field 1); the others are the oneof.
  const outer = (result.value as { result?: Inner | { result?: Inner } }).result;
  const inner: Inner | undefined = outer && 'case' in outer ? outer : (outer as { result?: Inner } | undefined)?.result;
  const payload = inner?.value;
  return { arm, verdict: inner?.case ?? 'empty', reason: payload?.reason ?? payload?.error ?? payload?.errorMessage };
}
