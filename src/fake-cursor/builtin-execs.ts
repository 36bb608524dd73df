// Plausible requests for Cursor's built-in tools (reference §4.7),
// so tests can check how a client answers tools it does not run.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ExecServerMessageSchema } from '../gen/agent/v1/exec_pb.js';
import type { BuiltinExecKind } from './types.js';

type ExecCase = NonNullable<MessageInitShape<typeof ExecServerMessageSchema>['message']>;

const WORKSPACE = '/workspace/demo';

export function builtinExecArgs(kind: BuiltinExecKind, toolCallId: string): ExecCase {
  const shell = { command: 'ls -la', workingDirectory: WORKSPACE, timeout: 30_000, toolCallId };
  switch (kind) {
    case 'shell':
      return { case: 'shellArgs', value: shell };
    case 'shell_stream':
      return { case: 'shellStreamArgs', value: shell };
    case 'write':
      return { case: 'writeArgs', value: { path: `${WORKSPACE}/notes.txt`, fileText: 'hello from the fake\n', toolCallId } };
    case 'delete':
      return { case: 'deleteArgs', value: { path: `${WORKSPACE}/notes.txt`, toolCallId } };
    case 'grep':
      return { case: 'grepArgs', value: { pattern: 'TODO', path: WORKSPACE, toolCallId } };
    case 'read':
      return { case: 'readArgs', value: { path: `${WORKSPACE}/README.md`, toolCallId } };
    case 'ls':
      return { case: 'lsArgs', value: { path: WORKSPACE, ignore: ['node_modules'], toolCallId } };
    // The protos keep these argument messages opaque (Thalamus never reads them).
    case 'diagnostics':
      return { case: 'diagnosticsArgs', value: {} };
    case 'background_shell_spawn':
      return { case: 'backgroundShellSpawnArgs', value: {} };
    case 'fetch':
      return { case: 'fetchArgs', value: {} };
  }
}
