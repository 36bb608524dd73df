import { create, toBinary } from '@bufbuild/protobuf';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorDetailsSchema, ErrorDetails_Error } from '../../src/gen/aiserver/v1/error_details_pb.js';
import { parseEndStream } from '../../src/proxy/cursor/end-stream.js';
import {
  type WireError,
  CLASSIFIER,
  classifyWireError,
  parseRetryAfter,
  transportError,
} from '../../src/proxy/cursor/errors.js';
import type { ErrorKind } from '../../src/proxy/events.js';

const details = (error: ErrorDetails_Error, title = '', detail = '') =>
  create(ErrorDetailsSchema, { error, details: { title, detail } });

const E = ErrorDetails_Error;
const CASES: Array<[string, WireError, ErrorKind]> = [
  ['connect unauthenticated', { code: 'unauthenticated', message: 'nope' }, 'unauthenticated'],
  ['AUTH_TOKEN_EXPIRED', { code: 'permission_denied', details: [details(E.AUTH_TOKEN_EXPIRED)] }, 'unauthenticated'],
  ['NOT_LOGGED_IN', { code: 'internal', details: [details(E.NOT_LOGGED_IN)] }, 'unauthenticated'],
  ['UNAUTHORIZED', { code: 'permission_denied', details: [details(E.UNAUTHORIZED)] }, 'unauthenticated'],
  ['BAD_USER_API_KEY', { code: 'invalid_argument', details: [details(E.BAD_USER_API_KEY)] }, 'unauthenticated'],
  ['HTTP 401', { httpStatus: 401 }, 'unauthenticated'],
  ['PRO_USER_RATE_LIMIT_EXCEEDED', { code: 'resource_exhausted', details: [details(E.PRO_USER_RATE_LIMIT_EXCEEDED)] }, 'rate_limited'],
  ['GENERIC_RATE_LIMIT_EXCEEDED', { code: 'unknown', details: [details(E.GENERIC_RATE_LIMIT_EXCEEDED)] }, 'rate_limited'],
  ['RATE_LIMITED', { code: 'unavailable', details: [details(E.RATE_LIMITED)] }, 'rate_limited'],
  ['HTTP 429', { httpStatus: 429 }, 'rate_limited'],
  ['bare resource_exhausted, no context', { code: 'resource_exhausted', message: 'Resource exhausted' }, 'rate_limited'],
  ['PRO_USER_USAGE_LIMIT', { code: 'resource_exhausted', details: [details(E.PRO_USER_USAGE_LIMIT)] }, 'quota_exhausted'],
  ['monthly limit wording', { code: 'resource_exhausted', message: 'You have hit your monthly limit' }, 'quota_exhausted'],
  ['usage limit wording', { code: 'permission_denied', message: 'Usage limit reached for this plan' }, 'quota_exhausted'],
  ['version no longer supported', { code: 'failed_precondition', message: 'This version is no longer supported' }, 'outdated_client'],
  ['OUTDATED_CLIENT', { code: 'failed_precondition', details: [details(E.OUTDATED_CLIENT)] }, 'outdated_client'],
  ['Update Required title', { code: 'failed_precondition', details: [details(E.UNSPECIFIED, 'Update Required', 'Please update')] }, 'outdated_client'],
  ['outdated wording', { code: 'invalid_argument', message: 'Your client is outdated' }, 'outdated_client'],
  ['BAD_MODEL_NAME', { code: 'invalid_argument', details: [details(E.BAD_MODEL_NAME)] }, 'unknown_model'],
  ['model not valid wording', { code: 'invalid_argument', message: 'Model name is not valid: foo' }, 'unknown_model'],
  ['model not found wording', { code: 'not_found', message: 'The model gpt-9 was not found' }, 'unknown_model'],
  ['permission_denied naming a model', { code: 'permission_denied', message: 'The model gpt-5 is not available on the Free plan' }, 'model_not_allowed'],
  ['permission_denied otherwise', { code: 'permission_denied', message: 'Team admins disabled this' }, 'forbidden'],
  ['invalid_argument', { code: 'invalid_argument', message: 'bad request' }, 'invalid_request'],
  ['failed_precondition', { code: 'failed_precondition', message: 'state mismatch' }, 'invalid_request'],
  ['not_found', { code: 'not_found', message: 'Blob not found' }, 'not_found'],
  ['HTTP 400', { httpStatus: 400 }, 'invalid_request'],
  ['spend limit wording', { code: 'resource_exhausted', message: 'You reached your spend limit' }, 'quota_exhausted'],
  ['included usage wording', { code: 'resource_exhausted', message: 'included usage exhausted' }, 'quota_exhausted'],
  ['CONVERSATION_TOO_LONG', { code: 'invalid_argument', details: [details(E.CONVERSATION_TOO_LONG)] }, 'context_too_long'],
  ['resource_exhausted with context wording', { code: 'resource_exhausted', message: 'context length exceeded' }, 'context_too_long'],
  ['prompt too long wording', { code: 'invalid_argument', message: 'Prompt is too long' }, 'context_too_long'],
  ['tokens exceed wording', { code: 'internal', message: 'input tokens exceed the limit of 200000' }, 'context_too_long'],
  ['unavailable', { code: 'unavailable', message: 'try later' }, 'overloaded'],
  ['deadline_exceeded', { code: 'deadline_exceeded' }, 'overloaded'],
  ['HTTP 502', { httpStatus: 502 }, 'overloaded'],
  ['HTTP 503', { httpStatus: 503, message: '<html>' }, 'overloaded'],
  ['HTTP 504', { httpStatus: 504 }, 'overloaded'],
  ['internal is transient', { code: 'internal', message: 'Blob not found: abc' }, 'overloaded'],
  ['HTTP 500', { httpStatus: 500 }, 'overloaded'],
  ['request took too long is not a context error', { code: 'internal', message: 'Request took too long' }, 'overloaded'],
  ['unknown code', { code: 'unknown', message: 'what' }, 'internal'],
  ['canceled', { code: 'canceled' }, 'internal'],
];

describe('classifyWireError', () => {
  for (const [name, wire, kind] of CASES) {
    it(`${name} → ${kind}`, () => {
      assert.equal(classifyWireError(wire).kind, kind);
    });
  }

  describe('a bare resource_exhausted, read in context', () => {
    const bare: WireError = { code: 'resource_exhausted', message: 'Resource exhausted' };
    const now = Date.parse('2026-09-10T00:00:00Z');
    const resetsAt = new Date('2026-09-20T00:00:00Z');
    const fullApiPool = { pool: 'api' as const, percentUsed: 100, resetsAt };

    it('is an overflow when the conversation fills at least half the window', () => {
      const error = classifyWireError(bare, { modelId: 'gpt-5', promptTokens: 150_000, contextWindow: 272_000, pool: fullApiPool }, now);
      assert.equal(error.kind, 'context_too_long');
      assert.match(error.message, /^prompt is too long: about 150000 tokens > 272000 maximum/);
    });

    it("is a used-up pool when well below the window while the model's pool is at 100 %", () => {
      const error = classifyWireError(bare, { modelId: 'gpt-5', promptTokens: 2_000, contextWindow: 272_000, pool: fullApiPool }, now);
      assert.equal(error.kind, 'quota_exhausted');
      assert.equal(error.pool, 'api');
      assert.equal(error.resetsAt, resetsAt);
      assert.match(error.message, /API pool used up until 2026-09-20; Auto and Composer still work/);
      assert.equal(error.retryAfterSeconds, 10, 'a reset days away is capped');
    });

    it('is throttling when the pool has room or is unknown', () => {
      const context = { modelId: 'gpt-5', promptTokens: 2_000, contextWindow: 272_000 };
      assert.equal(classifyWireError(bare, context, now).kind, 'rate_limited');
      assert.equal(classifyWireError(bare, { ...context, pool: { pool: 'api', percentUsed: 99.5 } }, now).kind, 'rate_limited');
    });

    it('is not bare when it says why', () => {
      const context = { promptTokens: 200_000, contextWindow: 200_000 };
      assert.equal(classifyWireError({ ...bare, message: 'Too many requests' }, context).kind, 'rate_limited');
      assert.equal(classifyWireError({ ...bare, details: [details(E.PRO_USER_RATE_LIMIT_EXCEEDED)] }, context).kind, 'rate_limited');
    });

    it('names the pool of the model for a worded quota error', () => {
      const error = classifyWireError({ code: 'resource_exhausted', message: 'usage limit reached' }, { modelId: 'composer-1' });
      assert.equal(error.kind, 'quota_exhausted');
      assert.equal(error.pool, 'auto');
      assert.equal(error.message, 'usage limit reached');
    });
  });

  it('every classifier row is exercised by a case above', () => {
    const kinds = new Set(CASES.map(([, , kind]) => kind));
    for (const row of CLASSIFIER) assert.ok(kinds.has(row.kind), row.signal);
  });

  it("keeps Cursor's title and detail as the message", () => {
    const error = classifyWireError({
      code: 'resource_exhausted',
      message: 'Error',
      details: [details(E.PRO_USER_USAGE_LIMIT, 'Usage limit', 'You reached your monthly limit.')],
    });
    assert.equal(error.message, 'Usage limit: You reached your monthly limit.');
    assert.equal(error.wireCode, 'resource_exhausted');
  });

  it('falls back to the message, then the code or HTTP status', () => {
    assert.equal(classifyWireError({ code: 'internal', message: 'boom' }).message, 'boom');
    assert.match(classifyWireError({ code: 'internal' }).message, /internal/);
    const http = classifyWireError({ httpStatus: 418 });
    assert.match(http.message, /418/);
    assert.equal(http.wireCode, 'http_418');
  });

  it('takes retry-after for rate limits, else a default', () => {
    assert.equal(classifyWireError({ httpStatus: 429, retryAfter: '12' }).retryAfterSeconds, 12);
    assert.equal(classifyWireError({ httpStatus: 429 }).retryAfterSeconds, undefined);
    assert.equal(classifyWireError({ code: 'internal' }).retryAfterSeconds, undefined);
  });

  it('parses retry-after as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });

  it('classifies socket failures as overloaded and TLS failures as internal', () => {
    assert.equal(transportError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).kind, 'overloaded');
    assert.equal(transportError(Object.assign(new Error('reset'), { code: 'ERR_HTTP2_STREAM_ERROR' })).kind, 'overloaded');
    assert.equal(transportError(Object.assign(new Error('cert'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).kind, 'internal');
  });
});

describe('parseEndStream', () => {
  const encoded = (error: ErrorDetails_Error, title: string) =>
    Buffer.from(toBinary(ErrorDetailsSchema, details(error, title, 'more'))).toString('base64');
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('reads success frames', () => {
    assert.deepEqual(parseEndStream(json({})), { error: undefined, metadata: {} });
    assert.deepEqual(parseEndStream(json({ metadata: { 'Retry-After': ['5'] } })).metadata, { 'retry-after': ['5'] });
  });

  it('decodes ErrorDetails from details[].value, with or without padding, standard or URL-safe', () => {
    const padded = encoded(E.PRO_USER_RATE_LIMIT_EXCEEDED, 'Slow down??>>');
    assert.ok(padded.endsWith('='), 'test value must need padding');
    assert.match(padded, /[+/]/, 'test value must differ between the two alphabets');
    for (const value of [padded, padded.replace(/=+$/, ''), padded.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')]) {
      const end = parseEndStream(
        json({ error: { code: 'resource_exhausted', message: 'm', details: [{ type: 'aiserver.v1.ErrorDetails', value }] } }),
      );
      assert.equal(end.error?.code, 'resource_exhausted');
      assert.equal(end.error?.details[0].error, E.PRO_USER_RATE_LIMIT_EXCEEDED);
      assert.equal(end.error?.details[0].details?.title, 'Slow down??>>');
    }
  });

  it('falls back to the debug object when there is no value', () => {
    const end = parseEndStream(
      json({
        error: {
          code: 'resource_exhausted',
          details: [{ type: 'aiserver.v1.ErrorDetails', debug: { error: 'ERROR_PRO_USER_USAGE_LIMIT', details: { title: 'T', detail: 'D' } } }],
        },
      }),
    );
    assert.equal(end.error?.details[0].error, E.PRO_USER_USAGE_LIMIT);
    assert.equal(classifyWireError({ ...end.error }).kind, 'quota_exhausted');
  });

  it('ignores details of other types and turns garbage into an internal error', () => {
    const end = parseEndStream(json({ error: { code: 'internal', message: 'x', details: [{ type: 'other.Thing', value: 'AAAA' }] } }));
    assert.deepEqual(end.error?.details, []);
    assert.equal(parseEndStream(new TextEncoder().encode('{not json')).error?.code, 'internal');
  });
});
