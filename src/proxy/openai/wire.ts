// The OpenAI Chat Completions response shapes Thalamus writes (a subset of the public API).

export type FinishReason = 'stop' | 'tool_calls' | 'length';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAIChunkDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: Array<OpenAIToolCall & { index: number }>;
}

export interface OpenAIChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: 0; delta: OpenAIChunkDelta; finish_reason: FinishReason | null; logprobs: null }>;
  /** With include_usage: null on every chunk but the last, which has no choices. */
  usage?: OpenAIUsage | null;
}

export interface OpenAICompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: { role: 'assistant'; content: string | null; reasoning_content?: string; tool_calls?: OpenAIToolCall[]; refusal: null };
    finish_reason: FinishReason | null;
    logprobs: null;
  }>;
  usage: OpenAIUsage;
}
