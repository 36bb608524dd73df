// Reading what the fake Cursor server received, for assertions.
import assert from 'node:assert/strict';
import type { FakeRunRecord, RunScript } from '../../src/fake-cursor/index.js';
import type { AgentRunRequest } from '../../src/gen/agent/v1/agent_pb.js';
import type { McpResult } from '../../src/gen/agent/v1/mcp_pb.js';
import type { RequestContext } from '../../src/gen/agent/v1/request_context_pb.js';

export function mcpResultText(result: McpResult): { text: string; isError: boolean } {
  if (result.result.case !== 'success') return { text: `<${result.result.case}>`, isError: true };
  const text = result.result.value.content.map((item) => (item.content.case === 'text' ? item.content.value.text : `[${item.content.case}]`)).join('');
  return { text, isError: result.result.value.isError };
}

export function userMessageOf(request: AgentRunRequest) {
  const action = request.action?.action;
  if (action?.case !== 'userMessageAction') throw new Error(`run request has action ${action?.case}`);
  return action.value;
}

export function requestContextOf(request: AgentRunRequest): RequestContext {
  const context = userMessageOf(request).requestContext;
  if (!context) throw new Error('run request has no request context');
  return context;
}

/** The client cancelled in-band (conversation_action.cancel_action) before it reset the stream. */
export function assertCancelledBeforeReset(record: FakeRunRecord): void {
  const cancelAt = record.received.findIndex(
    (m) => m.message.case === 'conversationAction' && m.message.value.action.case === 'cancelAction',
  );
  assert.ok(cancelAt >= 0, 'no cancel_action arrived');
  assert.equal(record.clientAborted, true, 'the stream was not reset');
  assert.ok(cancelAt < record.receivedBeforeAbort!, 'cancel_action came after the reset');
}

/**
 * A run that asks for two weather tool calls at once (`call_p1` Paris, `call_p2` Rome) and then
 * answers "both done"; `results` gets the two result texts the client sent back, in order.
 */
export function parallelWeatherScript(): { script: RunScript; results: string[] } {
  const results: string[] = [];
  const script: RunScript = async (run) => {
    const answers = await run.toolCalls([
      { name: 'get_weather', args: { city: 'Paris' }, toolCallId: 'call_p1' },
      { name: 'get_weather', args: { city: 'Rome' }, toolCallId: 'call_p2' },
    ]);
    results.push(...answers.map((answer) => mcpResultText(answer).text));
    run.text('both done');
    run.turnEnded();
  };
  return { script, results };
}
