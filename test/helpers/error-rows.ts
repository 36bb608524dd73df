// The error classifier's rows (cursor-limits.md §3) as the fake ends a Run and as each API
// answers: one list, run row by row against the Anthropic and the OpenAI front end.
import { ErrorDetails_Error } from '../../src/gen/aiserver/v1/error_details_pb.js';
import type { FakeError } from '../../src/fake-cursor/index.js';
import type { PoolStatus, PoolStatusSource } from '../../src/proxy/pool-status.js';

export interface ErrorRow {
  name: string;
  fail: FakeError;
  /** The prompt text to send (default "x"); a long one fills the model's window. */
  prompt?: string;
  /** What the usage RPC reports of the model's pool meanwhile. */
  pool?: PoolStatus;
  anthropic: { status: number; type: string };
  openai: { status: number; code: string | null };
  message?: RegExp;
  retryAfter?: string;
}

const E = ErrorDetails_Error;
const BARE: FakeError = { code: 'resource_exhausted', message: 'Resource exhausted' };
/** About 120K o200k tokens: ≥ 50 % of Claude's 200K window. */
const HALF_A_WINDOW = 'word '.repeat(120_000);
export const POOL_RESETS_AT = new Date(Date.now() + 5 * 24 * 3600 * 1000);

export const ERROR_ROWS: ErrorRow[] = [
  {
    name: 'OUTDATED_CLIENT → stale client',
    fail: { code: 'failed_precondition', message: 'Update Required', detailsError: E.OUTDATED_CLIENT },
    anthropic: { status: 400, type: 'invalid_request_error' },
    openai: { status: 400, code: 'outdated_client' },
    message: /THALAMUS_CLIENT_VERSION/,
  },
  {
    name: 'unauthenticated → log in again',
    fail: { code: 'unauthenticated', message: 'Not logged in' },
    anthropic: { status: 401, type: 'authentication_error' },
    openai: { status: 401, code: 'invalid_api_key' },
  },
  {
    name: 'CONVERSATION_TOO_LONG → overflow',
    fail: { code: 'resource_exhausted', message: 'Conversation too long', detailsError: E.CONVERSATION_TOO_LONG },
    anthropic: { status: 400, type: 'invalid_request_error' },
    openai: { status: 400, code: 'context_length_exceeded' },
    message: /prompt is too long/,
  },
  {
    name: 'bare resource_exhausted, conversation ≥ 50 % of the window → overflow',
    fail: BARE,
    prompt: HALF_A_WINDOW,
    anthropic: { status: 400, type: 'invalid_request_error' },
    openai: { status: 400, code: 'context_length_exceeded' },
    message: /prompt is too long: about \d+ tokens > 200000 maximum/,
  },
  {
    name: 'PRO_USER_USAGE_LIMIT → pool used up',
    fail: { code: 'resource_exhausted', message: 'You hit your usage limit', detailsError: E.PRO_USER_USAGE_LIMIT },
    anthropic: { status: 429, type: 'rate_limit_error' },
    openai: { status: 429, code: 'insufficient_quota' },
    retryAfter: '10',
  },
  {
    name: 'bare resource_exhausted, small conversation, API pool at 100 % → pool used up',
    fail: BARE,
    pool: { pool: 'api', percentUsed: 100, resetsAt: POOL_RESETS_AT },
    anthropic: { status: 429, type: 'rate_limit_error' },
    openai: { status: 429, code: 'insufficient_quota' },
    message: /Cursor API pool used up until \d{4}-\d\d-\d\d; Auto and Composer still work/,
    retryAfter: '10',
  },
  {
    name: 'RATE_LIMITED → throttling',
    fail: { code: 'resource_exhausted', message: 'slow down', detailsError: E.RATE_LIMITED },
    anthropic: { status: 429, type: 'rate_limit_error' },
    openai: { status: 429, code: 'rate_limit_exceeded' },
    retryAfter: '5',
  },
  {
    name: 'bare resource_exhausted, pool with room → throttling',
    fail: BARE,
    pool: { pool: 'api', percentUsed: 40 },
    anthropic: { status: 429, type: 'rate_limit_error' },
    openai: { status: 429, code: 'rate_limit_exceeded' },
    retryAfter: '5',
  },
  {
    name: 'BAD_MODEL_NAME → unknown model',
    fail: { code: 'invalid_argument', message: 'Model name is not valid', detailsError: E.BAD_MODEL_NAME },
    anthropic: { status: 404, type: 'not_found_error' },
    openai: { status: 404, code: 'model_not_found' },
  },
  {
    name: 'permission_denied naming a model → plan-gated',
    fail: { code: 'permission_denied', message: 'The model claude-4.5-sonnet is not available on the Free plan' },
    anthropic: { status: 403, type: 'permission_error' },
    openai: { status: 403, code: 'model_not_allowed' },
  },
  {
    name: 'unavailable → transient',
    fail: { code: 'unavailable', message: 'at capacity' },
    anthropic: { status: 529, type: 'overloaded_error' },
    openai: { status: 503, code: 'overloaded' },
    retryAfter: '5',
  },
  {
    name: 'internal → transient',
    fail: { code: 'internal', message: 'boom' },
    anthropic: { status: 529, type: 'overloaded_error' },
    openai: { status: 503, code: 'overloaded' },
    retryAfter: '5',
  },
  {
    name: 'invalid_argument stays a 400',
    fail: { code: 'invalid_argument', message: 'bad field' },
    anthropic: { status: 400, type: 'invalid_request_error' },
    openai: { status: 400, code: null },
  },
  {
    name: 'failed_precondition stays a 400',
    fail: { code: 'failed_precondition', message: 'state mismatch' },
    anthropic: { status: 400, type: 'invalid_request_error' },
    openai: { status: 400, code: null },
  },
  {
    name: 'not_found stays a 404',
    fail: { code: 'not_found', message: 'no such conversation' },
    anthropic: { status: 404, type: 'not_found_error' },
    openai: { status: 404, code: 'not_found' },
  },
  {
    name: 'permission_denied is a 403, not a 401',
    fail: { code: 'permission_denied', message: 'Team admins disabled this' },
    anthropic: { status: 403, type: 'permission_error' },
    openai: { status: 403, code: 'forbidden' },
  },
  {
    name: 'an unknown code → internal',
    fail: { code: 'unknown', message: 'what' },
    anthropic: { status: 500, type: 'api_error' },
    openai: { status: 500, code: null },
  },
];

/** A pool-status source the tests set per row. */
export class ScriptedPoolStatus implements PoolStatusSource {
  status: PoolStatus | undefined;
  poolStatus(): PoolStatus | undefined {
    return this.status;
  }
}
