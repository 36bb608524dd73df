// The RequestContext Thalamus gives Cursor (reference §4.5): in the user-message action and
// again as the answer to request_context_args. It carries the client tools (field 7) and the
// system prompt as cloud_rule (field 16, the channel the agent honours, §7.4). Cursor's
// server-side web tools (17, 24) are off: every client brings its own, except that a turn
// that declares a web search tool (Anthropic's server tool, the Responses hosted web_search)
// gets Cursor's search (§4.13).
import { create } from '@bufbuild/protobuf';
import { release, platform } from 'node:os';
import { type RequestContext, RequestContextSchema } from '../../gen/agent/v1/request_context_pb.js';
import { type ToolSet, encodedToolFields } from './tool-set.js';

export interface HostEnvironment {
  /** `<platform> <kernel release>`, like YK's `darwin 24.0.0`. */
  osVersion: string;
  shell: string;
  timeZone: string;
  /** Workspace and project folder. */
  folder: string;
}

export function hostEnvironment(): HostEnvironment {
  return {
    osVersion: `${platform()} ${release()}`,
    shell: process.env.SHELL || (platform() === 'win32' ? 'powershell' : '/bin/sh'),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    folder: process.cwd(),
  };
}

// Claude Code: " - Primary working directory: /path"; opencode and others: "Working directory: /path".
const CLIENT_FOLDER = /^[\s-]*(?:Primary working directory|Working directory):\s*(\S[^\n]*?)\s*$/im;

/**
 * The folder the client's tools run in, when its system prompt names one. Cursor's model should
 * see the client's project, not the folder the gateway happens to run in.
 */
export function clientFolder(system: string): string | undefined {
  return CLIENT_FOLDER.exec(system)?.[1];
}

export function buildRequestContext(input: {
  tools: ToolSet;
  cloudRule?: string;
  environment: HostEnvironment;
  webSearch: boolean;
}): RequestContext {
  const { environment } = input;
  const context = create(RequestContextSchema, {
    env: {
      osVersion: environment.osVersion,
      workspacePaths: [environment.folder],
      shell: environment.shell,
      timeZone: environment.timeZone,
      projectFolder: environment.folder,
    },
    cloudRule: input.cloudRule,
    webSearchEnabled: input.webSearch,
    webFetchEnabled: false,
  });
  context.$unknown = encodedToolFields(RequestContextSchema.field.tools.number, input.tools);
  return context;
}
