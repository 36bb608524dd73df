// Cursor's questions to the client mid-run (interaction_query, reference §4.13): one answer per
// query arm, each built in that arm's own response message — protobuf cannot tell the layouts
// apart, so an answer in another arm's layout would be read as whatever it means there (the
// ask-question rejection, sent in the web-search arm, reads as "approved"). Thalamus has no
// Cursor UI and no user to ask mid-run, so it declines what it cannot serve, with a reason the
// model can act on. A query arm this table does not know is never left waiting (the server
// would wait forever): the caller cancels the run and reports the arm number.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { AgentClientMessage } from '../../gen/agent/v1/agent_service_pb.js';
import type { InteractionQuery, InteractionResponseSchema } from '../../gen/agent/v1/interaction_pb.js';
import { interactionResponseMessage } from './client-messages.js';

type QueryCase = NonNullable<InteractionQuery['query']['case']>;
type QueryOf<C extends QueryCase> = Extract<InteractionQuery['query'], { case: C }>['value'];
type ResponseInit = NonNullable<MessageInitShape<typeof InteractionResponseSchema>['result']>;

/** What the run allows: Cursor's web search is approved only on a run that asked for it. */
export interface InteractionPolicy {
  webSearch: boolean;
}

export const REASONS = {
  webSearch:
    "Cursor's web search is off for this client. Use the client's own web search or fetch tools if it has them, or answer without searching.",
  askQuestion:
    'No one can answer questions during this run. If you need the user\'s input, end your turn and ask the question in your reply.',
  switchMode: 'Mode switches are not available through this client; continue in the current mode.',
  unavailable: (what: string) =>
    `${what} is not available through this client (it has no Cursor UI). Use the client's own tools instead, or continue without it.`,
  createPlan: 'Plans are not available through this client; write the plan in your reply instead.',
  replaceEnv: 'This client cannot replace its environment; continue in the current one.',
} as const;

const approved = { case: 'approved' as const, value: {} };
const rejected = (reason: string) => ({ case: 'rejected' as const, value: { reason } });

/**
 * The answer for every known arm (field number in the comment). setup_vm has no reject arm:
 * it is answered `success {}` as other bridges do, so the turn goes on; the log says so.
 */
const ANSWERS: { [C in QueryCase]: (query: QueryOf<C>, policy: InteractionPolicy) => ResponseInit } = {
  // 2
  webSearchRequestQuery: (_query, policy) => ({
    case: 'webSearchRequestResponse',
    value: { result: policy.webSearch ? approved : rejected(REASONS.webSearch) },
  }),
  // 3 — declined, also when run_async asks for a later answer (§4.13).
  askQuestionInteractionQuery: () => ({
    case: 'askQuestionInteractionResponse',
    value: { result: { result: rejected(REASONS.askQuestion) } },
  }),
  // 4
  switchModeRequestQuery: () => ({ case: 'switchModeRequestResponse', value: { result: rejected(REASONS.switchMode) } }),
  // 5, 6
  exaSearchRequestQuery: () => ({
    case: 'exaSearchRequestResponse',
    value: { result: rejected(REASONS.unavailable("Cursor's Exa search")) },
  }),
  exaFetchRequestQuery: () => ({
    case: 'exaFetchRequestResponse',
    value: { result: rejected(REASONS.unavailable("Cursor's Exa fetch")) },
  }),
  // 7
  createPlanRequestQuery: () => ({
    case: 'createPlanRequestResponse',
    value: { result: { result: { case: 'error', value: { error: REASONS.createPlan } } } },
  }),
  // 8
  setupVmEnvironmentArgs: () => ({ case: 'setupVmEnvironmentResult', value: { result: { case: 'success', value: {} } } }),
  // 9
  webFetchRequestQuery: () => ({
    case: 'webFetchRequestResponse',
    value: { result: rejected(REASONS.unavailable("Cursor's web fetch")) },
  }),
  // 10
  prManagementRequestQuery: () => ({
    case: 'prManagementRequestResponse',
    value: { result: rejected(REASONS.unavailable('Pull-request management')) },
  }),
  // 11
  mcpAuthRequestQuery: () => ({
    case: 'mcpAuthRequestResponse',
    value: { result: rejected(REASONS.unavailable('MCP server authorisation')) },
  }),
  // 12
  generateImageRequestQuery: () => ({
    case: 'generateImageRequestResponse',
    value: { result: rejected(REASONS.unavailable('Image generation')) },
  }),
  // 13
  replaceEnvArgs: () => ({
    case: 'replaceEnvResult',
    value: { result: { case: 'failure', value: { errorMessage: REASONS.replaceEnv } } },
  }),
  // 14
  connectScmRequestQuery: () => ({
    case: 'connectScmRequestResponse',
    value: { result: rejected(REASONS.unavailable('Connecting source control')) },
  }),
};

export type QueryAnswer =
  | { kind: 'answer'; message: AgentClientMessage; query: QueryCase; verdict: string }
  /** `arm`: the query's field number, undefined when the query names none at all. */
  | { kind: 'unknown'; arm: number | undefined };

export function answerInteractionQuery(query: InteractionQuery, policy: InteractionPolicy): QueryAnswer {
  const q = query.query;
  if (q.case === undefined) return { kind: 'unknown', arm: query.$unknown?.find((field) => field.no > 1)?.no };
  const answer = (ANSWERS[q.case] as (value: typeof q.value, policy: InteractionPolicy) => ResponseInit)(q.value, policy);
  const message = interactionResponseMessage({ id: query.id, result: answer });
  return { kind: 'answer', message, query: q.case, verdict: verdictOf(answer) };
}

/** `approved`, `rejected`, `error`, `success` or `failure`: the answer's inner case, for the log. */
function verdictOf(answer: ResponseInit): string {
  const outer = (answer.value as { result?: { case?: string; result?: { case?: string } } }).result;
  return outer?.case ?? outer?.result?.case ?? 'empty';
}
