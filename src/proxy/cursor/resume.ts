// Resume instead of rebuild (reference §4.13 "Cancel and resume", §5.1 step 8): when a run's
// connection is lost, Cursor's CLI opens a new Run whose conversation_state is the run's latest
// checkpoint and whose action is `resume_action {}`, under the same run id. Thalamus does the
// same when a run dies while parked for tool results (the results, when they come, answer the
// calls the resumed run asks for again) or before the client saw anything of it.
import { create } from '@bufbuild/protobuf';
import { type ConversationStateStructure, ConversationActionSchema } from '../../gen/agent/v1/agent_pb.js';
import type { BuiltRunRequest } from './run-request.js';

/** Where a lost run can be continued from. */
export interface ResumePoint {
  /** The lost run's id: the resumed Run keeps it (x-request-id). */
  runId: string;
  /** The lost run's latest conversation_checkpoint_update. */
  state: ConversationStateStructure;
}

/** The run request turned into a resume: the checkpoint as state, `resume_action` as the action. */
export function resumeRequest(built: BuiltRunRequest, point: ResumePoint): BuiltRunRequest {
  const request = { ...built.request };
  request.conversationState = point.state;
  request.action = create(ConversationActionSchema, {
    action: { case: 'resumeAction', value: { requestContext: built.requestContext } },
  });
  return { ...built, request };
}

/**
 * A run that died while parked for tool results, kept in the parked registry under the same
 * tool-call ids (and time limit) so the client's results find it and continue it by resuming.
 */
export class LostRun {
  constructor(
    readonly point: ResumePoint,
    readonly awaitedToolCallIds: string[],
  ) {}

  get id(): string {
    return this.point.runId;
  }

  /** Nothing is open: it never closes, and cancelling it only drops it. */
  onClose(): void {}

  cancel(): void {}
}
