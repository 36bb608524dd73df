// The script behind `thalamus serve --demo`: a deterministic, friendly turn that exercises the
// whole protocol path (request context, thinking, text, one tool call, tokens, checkpoint,
// turn_ended) without a Cursor account. Only tool-call ids are fresh per call.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toJson } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import type { AgentRunRequest } from '../gen/agent/v1/agent_pb.js';
import { checkpointTurn } from './conversation-state.js';
import type { McpResult, McpToolDefinition } from '../gen/agent/v1/mcp_pb.js';
import { bareToolName, declaredTools } from './declared-tools.js';
import type { RunScript } from './types.js';

const THINKING = ['The user is trying', ' the Thalamus demo backend.', ' Greet them,', ' echo the question', ' and explain what this is.'];
const THINKING_MS = 1200;
const MAX_ECHO_CHARS = 200;
const MAX_RESULT_CHARS = 300;
const CONTEXT_WINDOW_TOKENS = 200_000;
const WORDS_PER_DELTA = 4;

export const demoScript: RunScript = async (run) => {
  // The real server asks for the request context first (reference §5.2); a client that
  // cannot answer still gets a reply.
  const context = await run.requestContext().catch(() => undefined);
  run.heartbeat();
  if (run.request.modelDetails?.thinkingDetails) {
    for (const chunk of THINKING) run.thinking(chunk);
    run.thinkingCompleted(THINKING_MS);
  }
  const userText = stripSystemReminders(userTextOf(run.request));
  const tools = declaredTools(run.request, context ? [context] : []);
  const tool = requestedTool(tools, userText);
  let usedTokens = estimateTokens(userText);
  let answer = '';
  const say = (text: string) => {
    answer += text;
    for (const delta of textDeltas(text)) {
      run.text(delta);
      run.tokenDelta(estimateTokens(delta));
      usedTokens += estimateTokens(delta);
    }
  };

  // A turn that turned Cursor's web search on (Anthropic's web search tool, Codex's web_search)
  // and asks to search: one made-up search, labelled as such, so it can be tried without an
  // account. Codex declares web_search on every turn, so only a message that says "search" gets one.
  if (context?.webSearchEnabled && /\bsearch/i.test(userText)) {
    const query = truncate(userText.replace(/^[\s\S]*Perform a web search for the query:\s*/, '').trim(), MAX_ECHO_CHARS);
    await run.webSearch(query, {
      hits: [
        {
          title: `Demo result for “${query}”`,
          url: `https://example.com/thalamus-demo?q=${encodeURIComponent(query)}`,
          chunk: 'The demo backend has no web access: this hit is made up.',
        },
      ],
    });
  }
  say(introduction(userText, tools, tool));
  if (tool) {
    const result = await run.toolCall({ name: bareToolName(tool), args: demoArguments(tool) });
    say(`\n\n${describeResult(bareToolName(tool), result)}`);
  }
  // As the real server does: the turn kept as a blob it mints on the client, then the checkpoint.
  await checkpointTurn(run, { user: userText, assistant: answer }, { tokenDetails: { usedTokens, maxTokens: CONTEXT_WINDOW_TOKENS } });
  run.turnEnded();
};

function introduction(userText: string, tools: McpToolDefinition[], tool: McpToolDefinition | undefined): string {
  const echo = userText.trim()
    ? `You asked: “${truncate(userText.trim().replace(/\s+/g, ' '), MAX_ECHO_CHARS)}”`
    : 'Your message had no text I could read.';
  const lines = [
    "Hello! I'm Thalamus's demo backend: no Cursor account and no real model are involved, so I can only echo.",
    echo,
  ];
  if (tool) {
    lines.push(`You mentioned your \`${bareToolName(tool)}\` tool, so I'll call it once with demo arguments.`);
  } else if (tools.length > 0) {
    const names = tools.map(bareToolName);
    const listed = names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ');
    lines.push(`Your client offers ${tools.length} tool(s): ${listed}. Ask me to use one by name and I'll call it once.`);
  }
  lines.push('Run `thalamus serve` without --demo to talk to real Cursor models.');
  return lines.join('\n\n');
}

function describeResult(toolName: string, result: McpResult): string {
  switch (result.result.case) {
    case 'success': {
      const text = result.result.value.content
        .map((item) => (item.content.case === 'text' ? item.content.value.text : `[${item.content.case ?? 'empty'}]`))
        .join('\n');
      const verdict = result.result.value.isError ? 'reported an error' : 'answered';
      return `The \`${toolName}\` tool ${verdict}: ${truncate(text.trim() || '(no text)', MAX_RESULT_CHARS)}`;
    }
    case 'error':
      return `The \`${toolName}\` tool failed: ${truncate(result.result.value.error, MAX_RESULT_CHARS)}`;
    case 'rejected':
      return `The \`${toolName}\` tool call was rejected: ${truncate(result.result.value.reason, MAX_RESULT_CHARS)}`;
    case 'permissionDenied':
      return `The \`${toolName}\` tool was not permitted: ${truncate(result.result.value.error, MAX_RESULT_CHARS)}`;
    default:
      return `The \`${toolName}\` tool returned nothing.`;
  }
}

function userTextOf(request: AgentRunRequest): string {
  const action = request.action?.action;
  return action?.case === 'userMessageAction' ? (action.value.userMessage?.text ?? '') : '';
}

/** Claude Code wraps reminders (which name tools) into user text; they are not the question. */
function stripSystemReminders(text: string): string {
  return text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
}

/**
 * The tool the user asks for: the earliest whole-word mention of a declared tool name, in a
 * text that also says "use", "call", "run", "try", "invoke" or "tool".
 */
function requestedTool(tools: McpToolDefinition[], text: string): McpToolDefinition | undefined {
  if (!/\b(use|call|run|try|invoke|tool)\b/i.test(text)) return undefined;
  let best: { tool: McpToolDefinition; index: number } | undefined;
  for (const tool of tools) {
    const index = text.search(new RegExp(`(?<![\\w-])${escapeRegExp(bareToolName(tool))}(?![\\w-])`, 'i'));
    if (index >= 0 && (!best || index < best.index)) best = { tool, index };
  }
  return best?.tool;
}

/** Arguments for the schema's required properties, with values a demo can safely use. */
function demoArguments(tool: McpToolDefinition): Record<string, unknown> {
  const schema = asObject(tool.inputSchema ? toJson(ValueSchema, tool.inputSchema) : undefined);
  const properties = asObject(schema?.['properties']) ?? {};
  const required = Array.isArray(schema?.['required']) ? schema['required'].filter((name) => typeof name === 'string') : [];
  const args: Record<string, unknown> = {};
  for (const name of required) args[name] = demoValue(name, asObject(properties[name]) ?? {});
  return args;
}

function demoValue(name: string, property: Record<string, unknown>): unknown {
  if (Array.isArray(property['enum']) && property['enum'].length > 0) return property['enum'][0];
  switch (property['type']) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return demoString(name);
  }
}

function demoString(name: string): string {
  if (/command|cmd|script/i.test(name)) return 'echo "Hello from the Thalamus demo"';
  // A file of its own in the temp dir: a demo must never touch the user's project files.
  if (/path|file|dir/i.test(name)) return join(tmpdir(), 'thalamus-demo.txt');
  if (/url|uri/i.test(name)) return 'https://example.com';
  if (/pattern|query|search|glob/i.test(name)) return 'TODO';
  return 'Thalamus demo';
}

/** Splits text into deltas of a few words, keeping every character. */
function textDeltas(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const deltas: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_DELTA) deltas.push(words.slice(i, i + WORDS_PER_DELTA).join(''));
  return deltas;
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
