// THE table from an error kind to what each API answers. Every HTTP error the gateway writes,
// before or during a stream, is looked up here and nowhere else.
import type { ApiErrorKind } from './api-error.js';

export interface ErrorStatus {
  /** HTTP status on /v1/messages and other Anthropic-shaped routes. */
  anthropicStatus: number;
  anthropicType: string;
  /** HTTP status on /v1/chat/completions (OpenAI has no 529). */
  openaiStatus: number;
  openaiType: string;
  openaiCode: string | null;
  /** `retry-after` seconds when the upstream gave none; absent = no header. */
  retryAfterSeconds?: number;
}

export const ERROR_STATUS: Readonly<Record<ApiErrorKind, ErrorStatus>> = {
  unauthenticated: {
    anthropicStatus: 401, anthropicType: 'authentication_error',
    openaiStatus: 401, openaiType: 'invalid_request_error', openaiCode: 'invalid_api_key',
  },
  // Short-term throttling: Claude Code honours retry-after, so a small default keeps its retries cheap.
  rate_limited: {
    anthropicStatus: 429, anthropicType: 'rate_limit_error',
    openaiStatus: 429, openaiType: 'rate_limit_error', openaiCode: 'rate_limit_exceeded',
    retryAfterSeconds: 5,
  },
  // A usage limit rarely lifts within minutes: a short wait lets Claude Code's ten retries end
  // in a clear message within about two minutes instead of a long silent back-off.
  quota_exhausted: {
    anthropicStatus: 429, anthropicType: 'rate_limit_error',
    openaiStatus: 429, openaiType: 'insufficient_quota', openaiCode: 'insufficient_quota',
    retryAfterSeconds: 10,
  },
  // Variant: Anthropic's own 529 (Claude Code caps 529 retries at 3); OpenAI clients know 503.
  overloaded: {
    anthropicStatus: 529, anthropicType: 'overloaded_error',
    openaiStatus: 503, openaiType: 'server_error', openaiCode: 'overloaded',
  },
  timeout: {
    anthropicStatus: 504, anthropicType: 'timeout_error',
    openaiStatus: 504, openaiType: 'server_error', openaiCode: 'timeout',
  },
  context_too_long: {
    anthropicStatus: 400, anthropicType: 'invalid_request_error',
    openaiStatus: 400, openaiType: 'invalid_request_error', openaiCode: 'context_length_exceeded',
  },
  // Variant: Anthropic 400 (Claude Code prints our message, which lists the available ids, instead
  // of its generic 404 text); OpenAI 404 model_not_found as OpenAI itself answers.
  bad_model: {
    anthropicStatus: 400, anthropicType: 'invalid_request_error',
    openaiStatus: 404, openaiType: 'invalid_request_error', openaiCode: 'model_not_found',
  },
  outdated_client: {
    anthropicStatus: 400, anthropicType: 'invalid_request_error',
    openaiStatus: 400, openaiType: 'invalid_request_error', openaiCode: 'outdated_client',
  },
  internal: {
    anthropicStatus: 500, anthropicType: 'api_error',
    openaiStatus: 500, openaiType: 'server_error', openaiCode: null,
  },
  invalid_request: {
    anthropicStatus: 400, anthropicType: 'invalid_request_error',
    openaiStatus: 400, openaiType: 'invalid_request_error', openaiCode: null,
  },
  forbidden: {
    anthropicStatus: 403, anthropicType: 'permission_error',
    openaiStatus: 403, openaiType: 'invalid_request_error', openaiCode: 'forbidden',
  },
  not_found: {
    anthropicStatus: 404, anthropicType: 'not_found_error',
    openaiStatus: 404, openaiType: 'invalid_request_error', openaiCode: 'unknown_url',
  },
  request_too_large: {
    anthropicStatus: 413, anthropicType: 'request_too_large',
    openaiStatus: 413, openaiType: 'invalid_request_error', openaiCode: 'request_too_large',
  },
};

/** Failures a client should retry: throttling and server-side trouble (429 and 5xx). */
export function isRetryable(kind: ApiErrorKind): boolean {
  const status = ERROR_STATUS[kind].anthropicStatus;
  return status === 429 || status >= 500;
}
