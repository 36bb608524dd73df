// Constructors for every AgentClientMessage Thalamus writes (reference §4.1, §4.7, §4.8),
// and their Connect framing.
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import type { AgentRunRequest } from '../../gen/agent/v1/agent_pb.js';
import { type AgentClientMessage, AgentClientMessageSchema } from '../../gen/agent/v1/agent_service_pb.js';
import { ExecClientMessageSchema } from '../../gen/agent/v1/exec_pb.js';
import type { InteractionResponseSchema } from '../../gen/agent/v1/interaction_pb.js';
import type { McpResultSchema } from '../../gen/agent/v1/mcp_pb.js';
import { encodeEnvelope } from './envelope.js';

type ExecResultInit = MessageInitShape<typeof ExecClientMessageSchema>['message'];

export function runRequestMessage(request: AgentRunRequest): AgentClientMessage {
  return create(AgentClientMessageSchema, { message: { case: 'runRequest', value: request } });
}

/** field 7, sent every few seconds while a run is open (§4.1). */
export function clientHeartbeatMessage(): AgentClientMessage {
  return create(AgentClientMessageSchema, { message: { case: 'clientHeartbeat', value: {} } });
}

/** The result of exec `id`; `exec_id` is echoed like YK and ED do (§4.7). */
export function execResultMessage(id: number, execId: string, result: ExecResultInit): AgentClientMessage {
  return create(AgentClientMessageSchema, {
    message: { case: 'execClientMessage', value: create(ExecClientMessageSchema, { id, execId, message: result }) },
  });
}

export function mcpResultMessage(
  id: number,
  execId: string,
  result: MessageInitShape<typeof McpResultSchema>,
): AgentClientMessage {
  return execResultMessage(id, execId, { case: 'mcpResult', value: result });
}

/** Sent after the last result message of every exec, as the CLI does (§4.7, §8). */
export function streamCloseMessage(id: number): AgentClientMessage {
  return create(AgentClientMessageSchema, {
    message: { case: 'execClientControlMessage', value: { message: { case: 'streamClose', value: { id } } } },
  });
}

/** For execs whose result type has no rejection case (§4.7); no stream_close follows. */
export function execThrowMessage(id: number, error: string): AgentClientMessage {
  return create(AgentClientMessageSchema, {
    message: { case: 'execClientControlMessage', value: { message: { case: 'throw', value: { id, error } } } },
  });
}

/** `data` undefined leaves blob_data unset: "I do not have it" (§4.8). */
export function getBlobResultMessage(id: number, data: Uint8Array | undefined): AgentClientMessage {
  return create(AgentClientMessageSchema, {
    message: { case: 'kvClientMessage', value: { id, message: { case: 'getBlobResult', value: { blobData: data } } } },
  });
}

export function setBlobResultMessage(id: number): AgentClientMessage {
  return create(AgentClientMessageSchema, {
    message: { case: 'kvClientMessage', value: { id, message: { case: 'setBlobResult', value: {} } } },
  });
}

export function interactionResponseMessage(response: MessageInitShape<typeof InteractionResponseSchema>): AgentClientMessage {
  return create(AgentClientMessageSchema, { message: { case: 'interactionResponse', value: response } });
}

/** `conversation_action { cancel_action {} }` on the live run: the server stops the model (§4.13). */
export function cancelActionMessage(): AgentClientMessage {
  return create(AgentClientMessageSchema, {
    message: { case: 'conversationAction', value: { action: { case: 'cancelAction', value: {} } } },
  });
}

/** One Connect envelope (flags 0: never compressed, §3.1). */
export function frameClientMessage(message: AgentClientMessage): Uint8Array {
  return encodeEnvelope(0, toBinary(AgentClientMessageSchema, message));
}
