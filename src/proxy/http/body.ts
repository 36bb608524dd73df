// JSON request bodies: 32 MiB at most (Claude Code sends whole conversations with images),
// nested at most MAX_BODY_DEPTH levels (checked on the raw bytes, before parsing), and every
// failure to read one as a 4xx API error rather than express's HTML pages or a 500.
import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';
import { ApiError } from './api-error.js';
import { MAX_BODY_DEPTH, textNestsDeeperThan } from './json-depth.js';

export const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** What body-parser (through http-errors) attaches to the errors it passes on. */
interface BodyParserError {
  type?: string;
  status?: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  if (!(error instanceof Error)) return false;
  const { type, status } = error as { type?: unknown; status?: unknown };
  return typeof type === 'string' || (typeof status === 'number' && status >= 400 && status < 500);
}

const TOO_DEEP = 'entity.too.deep';

export function toBodyError(error: unknown): ApiError {
  if (!isBodyParserError(error)) return new ApiError('internal', 'could not read the request body');
  switch (error.type) {
    case 'entity.too.large':
      return new ApiError('request_too_large', `request body exceeds the ${BODY_LIMIT_BYTES / 1024 / 1024} MiB limit`);
    case TOO_DEEP:
      return new ApiError('invalid_request', `request body is nested more than ${MAX_BODY_DEPTH} levels deep`);
    case 'entity.parse.failed':
      return new ApiError('invalid_request', `malformed JSON body: ${error.message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('invalid_request', `${error.message} (send JSON in UTF-8, optionally with Content-Encoding gzip, deflate or br)`);
    case undefined:
      // A decompression failure (a gzip body that is not gzip) comes with a status and no type.
      return new ApiError('invalid_request', `could not decode the request body (Content-Encoding): ${error.message}`);
    default:
      return new ApiError('invalid_request', `could not read the request body: ${error.message}`);
  }
}

const parseJson = bodyParser.json({
  limit: BODY_LIMIT_BYTES,
  // Any content type: some clients omit `application/json`; the body must still be JSON.
  type: () => true,
  // Runs on the raw bytes before JSON.parse, which would spend seconds on a deep body.
  verify: (_req, _res, bytes) => {
    if (textNestsDeeperThan(bytes, MAX_BODY_DEPTH)) throw Object.assign(new Error('too deep'), { type: TOO_DEEP });
  },
});

/** Reads and parses the request's JSON body: undefined when it has none; an ApiError when it cannot be read. */
export function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  return new Promise((resolve, reject) =>
    parseJson(req, res, (error?: unknown) => (error === undefined ? resolve((req as { body?: unknown }).body) : reject(toBodyError(error)))),
  );
}

/** The same parser as Express middleware (the admin API). */
export function jsonBody(): RequestHandler {
  return (req, res, next) => parseJson(req, res, (error?: unknown) => next(error === undefined ? undefined : toBodyError(error)));
}
