// The Anthropic Messages response shapes Thalamus writes (a subset of the public API).
import type { StopReason } from '../events.js';

export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'server_tool_use'; id: string; name: 'web_search'; input: unknown }
  | { type: 'web_search_tool_result'; tool_use_id: string; content: AnthropicWebSearchResult[] | AnthropicWebSearchError };

/** `encrypted_content` carries Cursor's text excerpt: clients treat it as opaque page content. */
export interface AnthropicWebSearchResult {
  type: 'web_search_result';
  url: string;
  title: string;
  encrypted_content: string;
}

export interface AnthropicWebSearchError {
  type: 'web_search_tool_result_error';
  error_code: 'unavailable' | 'max_uses_exceeded';
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  /** Only on a turn where Cursor searched the web. */
  server_tool_use?: { web_search_requests: number };
}

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: StopReason | null;
  stop_sequence: null;
  usage: AnthropicUsage;
}

export type AnthropicDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string };

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: StopReason; stop_sequence: null }; usage: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' };
