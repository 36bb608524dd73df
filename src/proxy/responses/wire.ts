// The OpenAI Responses API shapes Thalamus writes (a subset of the public API).

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: [];
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export type OutputItem =
  | { id: string; type: 'message'; role: 'assistant'; status: ItemStatus; content: OutputText[] }
  | { id: string; type: 'reasoning'; summary: SummaryText[] }
  | { id: string; type: 'function_call'; call_id: string; name: string; namespace?: string; arguments: string; status: ItemStatus }
  | { id: string; type: 'web_search_call'; status: 'in_progress' | 'completed' | 'failed'; action: WebSearchAction };

/** What a web search did; `sources` only when the request's `include` asked for them. */
export interface WebSearchAction {
  type: 'search';
  query: string;
  sources?: Array<{ type: 'url'; url: string }>;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Request fields a response echoes back, as the client sent them (or OpenAI's defaults). */
export interface ResponseEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, unknown>;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  text: { format: Record<string, unknown> };
  tool_choice: unknown;
  tools: unknown[];
}

export interface ResponseObject extends ResponseEcho {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' } | null;
  model: string;
  output: OutputItem[];
  temperature: null;
  top_p: null;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
}

/** Every streaming event carries its type and a sequence number counting from 0. */
export type ResponseStreamEvent = { type: string; sequence_number: number } & Record<string, unknown>;
