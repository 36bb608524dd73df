// The client tools a run knows about. Clients declare them in the run request (mcp_tools),
// in the action's request context, and/or in the RequestContext they return for
// request_context_args (reference §5.3); the fake honours all three.
import type { AgentRunRequest } from '../gen/agent/v1/agent_pb.js';
import type { McpToolDefinition } from '../gen/agent/v1/mcp_pb.js';
import type { RequestContext } from '../gen/agent/v1/request_context_pb.js';

export function declaredTools(request: AgentRunRequest, contexts: readonly RequestContext[] = []): McpToolDefinition[] {
  const action = request.action?.action;
  const actionContext =
    action?.case === 'userMessageAction' || action?.case === 'resumeAction' ? action.value.requestContext : undefined;
  const all = [
    ...(request.mcpTools?.mcpTools ?? []),
    ...(actionContext?.tools ?? []),
    ...contexts.flatMap((context) => context.tools),
  ];
  const byName = new Map<string, McpToolDefinition>();
  for (const tool of all) if (!byName.has(bareToolName(tool))) byName.set(bareToolName(tool), tool);
  return [...byName.values()];
}

/** The name the client knows the tool by: McpArgs.tool_name comes back with it (§4.4). */
export function bareToolName(tool: McpToolDefinition): string {
  return tool.toolName || tool.name;
}

export function findTool(tools: readonly McpToolDefinition[], name: string): McpToolDefinition | undefined {
  return tools.find((tool) => bareToolName(tool) === name) ?? tools.find((tool) => tool.name === name);
}
