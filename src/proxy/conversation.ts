// The one conversation model both front ends translate into. Everything the Cursor side
// needs to run a turn, and nothing shaped like either public API.

export interface ImagePart {
  type: 'image';
  mediaType: string;
  /** base64, no data: prefix */
  data: string;
}

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ThinkingPart {
  type: 'thinking';
  text: string;
}

export interface ToolCallPart {
  type: 'tool_call';
  id: string;
  name: string;
  /** The parsed arguments object. */
  input: unknown;
}

export interface ToolResultPart {
  type: 'tool_result';
  toolCallId: string;
  content: Array<TextPart | ImagePart>;
  isError: boolean;
}

export type UserPart = TextPart | ImagePart | ToolResultPart;
export type AssistantPart = TextPart | ThinkingPart | ToolCallPart;

export type Message = { role: 'user'; content: UserPart[] } | { role: 'assistant'; content: AssistantPart[] };

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
  /**
   * Anthropic `defer_loading`: the tool is only offered to the model once a `tool_reference`
   * to it has come back from ToolSearch (see README, "Deferred tools").
   */
  deferred: boolean;
}

/** A web search tool (Anthropic's `web_search_…` server tool, the Responses `web_search`): the turn may use Cursor's own web search. */
export interface WebSearchOptions {
  /** Searches allowed in this turn (Anthropic `max_uses`; the Responses tool has no limit). */
  maxUses?: number;
  /** Only hits on these domains (or their subdomains) are kept, when not empty. */
  allowedDomains: string[];
  /** Hits on these domains (or their subdomains) are dropped. */
  blockedDomains: string[];
}

export type ToolChoice = { type: 'auto' } | { type: 'any' } | { type: 'none' } | { type: 'tool'; name: string };

export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface Conversation {
  /** The model id as the client sent it. */
  model: string;
  /** The system prompt, folded from every source in order. */
  system: string;
  messages: Message[];
  tools: ToolDefinition[];
  /** Names of deferred tools that ToolSearch has loaded (tool_reference blocks). */
  loadedDeferredTools: string[];
  toolChoice: ToolChoice;
  /** Whether the client asked for visible reasoning. */
  thinking: boolean;
  effort?: Effort;
  /** The client asked for the 1M context (Cursor's Max mode) besides the model id: Anthropic's context-1m beta. */
  maxMode?: boolean;
  maxTokens?: number;
  /** Set when the client declared a web search server tool; Cursor's web search stays off otherwise. */
  webSearch?: WebSearchOptions;
  /** A stable key for one client conversation (Claude Code session id, or a hash). */
  sessionKey?: string;
}
