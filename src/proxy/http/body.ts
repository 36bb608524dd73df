// JSON request bodies: 32 MiB at most (Claude Code sends whole conversations with images),
// and parse failures as API errors rather than express's HTML pages.
import express, { type RequestHandler } from 'express';
import { ApiError } from './api-error.js';

export const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

interface BodyParserError {
  type?: string;
  status?: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as { type?: unknown }).type === 'string';
}

export function toBodyError(error: unknown): ApiError {
  if (!isBodyParserError(error)) return new ApiError('internal', 'could not read the request body');
  if (error.type === 'entity.too.large') {
    return new ApiError('request_too_large', `request body exceeds the ${BODY_LIMIT_BYTES / 1024 / 1024} MiB limit`);
  }
  if (error.type === 'entity.parse.failed') return new ApiError('invalid_request', `malformed JSON body: ${error.message}`);
  return new ApiError('invalid_request', `could not read the request body: ${error.message}`);
}

export function jsonBody(): RequestHandler {
  // Any content type: some clients omit `application/json`; the body must still be JSON.
  const parse = express.json({ limit: BODY_LIMIT_BYTES, type: () => true });
  return (req, res, next) => parse(req, res, (error?: unknown) => next(error === undefined ? undefined : toBodyError(error)));
}
