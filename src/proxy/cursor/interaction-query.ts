// Cursor's questions to the user (web search approval, ask-question, mode switch, …): Thalamus
// has no one to ask, so every query is answered at once with a rejection (reference §4.6;
// PI answers the same way). Payload layout: see proto/agent/v1/interaction.proto.
import type { AgentClientMessage } from '../../gen/agent/v1/agent_service_pb.js';
import type { InteractionQuery } from '../../gen/agent/v1/interaction_pb.js';
import { interactionResponseMessage } from './client-messages.js';

const RESPONSE_CASE = {
  webSearchRequestQuery: 'webSearchRequestResponse',
  askQuestionInteractionQuery: 'askQuestionInteractionResponse',
  switchModeRequestQuery: 'switchModeRequestResponse',
  exaSearchRequestQuery: 'exaSearchRequestResponse',
  exaFetchRequestQuery: 'exaFetchRequestResponse',
} as const;

export const INTERACTION_REJECTION_REASON = 'Not available through this client; continue without it.';

/** The rejection for `query`; a query kind this proto does not know gets a bare `{id}` answer. */
export function rejectInteractionQuery(query: InteractionQuery): AgentClientMessage {
  const queryCase = query.query.case;
  if (queryCase === undefined) return interactionResponseMessage({ id: query.id });
  const rejection = { result: { result: { case: 'rejected' as const, value: { reason: INTERACTION_REJECTION_REASON } } } };
  return interactionResponseMessage({ id: query.id, result: { case: RESPONSE_CASE[queryCase], value: rejection } });
}
