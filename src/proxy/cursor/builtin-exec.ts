// Cursor's built-in tools (shell, read, write, …) would run on this machine; Thalamus runs
// none of them. Each exec gets its typed refusal where the proto has one, else an
// ExecClientThrow (reference §4.7, §5.2), so no exec is ever left waiting.
import type { AgentClientMessage } from '../../gen/agent/v1/agent_service_pb.js';
import type { ExecServerMessage } from '../../gen/agent/v1/exec_pb.js';
import { execResultMessage, execThrowMessage, streamCloseMessage } from './client-messages.js';

export interface BuiltinRefusal {
  /** The built-in tool's name, for the `builtin_rejected` event. */
  tool: string;
  /** What goes back on the stream, in order. */
  messages: AgentClientMessage[];
}

/** Exec cases that are not built-in tools: the run handles them itself. */
type HandledElsewhere = 'mcpArgs' | 'requestContextArgs';
type BuiltinCase = Exclude<ExecServerMessage['message']['case'], HandledElsewhere | undefined>;

const TOOL_NAMES: Record<BuiltinCase, string> = {
  shellArgs: 'shell',
  writeArgs: 'write',
  deleteArgs: 'delete',
  grepArgs: 'grep',
  readArgs: 'read',
  lsArgs: 'ls',
  diagnosticsArgs: 'diagnostics',
  shellStreamArgs: 'shell',
  backgroundShellSpawnArgs: 'background_shell',
  listMcpResourcesExecArgs: 'list_mcp_resources',
  readMcpResourceExecArgs: 'read_mcp_resource',
  fetchArgs: 'fetch',
  recordScreenArgs: 'record_screen',
  computerUseArgs: 'computer_use',
};

/**
 * The refusal for a built-in exec. A result is followed by stream_close{id}; a throw is the
 * final word on its own (the CLI's behaviour, §4.7). Exec cases this proto does not know
 * (newer servers) are thrown too.
 */
export function refuseBuiltinExec(exec: ExecServerMessage, reason: string): BuiltinRefusal {
  const { id, execId } = exec;
  const withClose = (result: Parameters<typeof execResultMessage>[2]) => [
    execResultMessage(id, execId, result),
    streamCloseMessage(id),
  ];
  const m = exec.message;
  switch (m.case) {
    case 'shellArgs':
    case 'shellStreamArgs': {
      const rejected = { command: m.value.command, workingDirectory: m.value.workingDirectory, reason };
      const result: Parameters<typeof execResultMessage>[2] =
        m.case === 'shellArgs'
          ? { case: 'shellResult', value: { result: { case: 'rejected', value: rejected } } }
          : { case: 'shellStream', value: { event: { case: 'rejected', value: rejected } } };
      return { tool: TOOL_NAMES[m.case], messages: withClose(result) };
    }
    case 'writeArgs':
      return { tool: 'write', messages: withClose({ case: 'writeResult', value: pathRejected(m.value.path, reason) }) };
    case 'deleteArgs':
      return { tool: 'delete', messages: withClose({ case: 'deleteResult', value: pathRejected(m.value.path, reason) }) };
    case 'readArgs':
      return { tool: 'read', messages: withClose({ case: 'readResult', value: pathRejected(m.value.path, reason) }) };
    case 'lsArgs':
      return { tool: 'ls', messages: withClose({ case: 'lsResult', value: pathRejected(m.value.path, reason) }) };
    case 'grepArgs':
      // GrepResult has no rejected case; its error case carries the refusal.
      return {
        tool: 'grep',
        messages: withClose({ case: 'grepResult', value: { result: { case: 'error', value: { error: reason } } } }),
      };
    case 'mcpArgs':
    case 'requestContextArgs':
      throw new Error(`${m.case} is not a built-in tool`);
    default:
      return { tool: m.case ? TOOL_NAMES[m.case] : 'unknown', messages: [execThrowMessage(id, reason)] };
  }
}

function pathRejected(path: string, reason: string) {
  return { result: { case: 'rejected' as const, value: { path, reason } } };
}
