// How the admin API fails: `{ error: { message } }` with a status the page can act on.
// Messages are for people: the page shows them as they are.
import type { ErrorRequestHandler } from 'express';
import { ANTHROPIC_ERRORS } from '../anthropic/errors.js';
import { ConfigFileError } from '../app/config-file-merge.js';
import { describeFailure } from '../error-words.js';
import { UpstreamError } from '../events.js';
import { toApiError } from '../http/api-error.js';
import type { Logger } from '../log/logger.js';
import { SettingsError } from '../app/settings-store.js';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

function statusAndMessage(error: unknown): { status: number; message: string } {
  if (error instanceof AdminError) return { status: error.status, message: error.message };
  if (error instanceof SettingsError) return { status: 400, message: error.message };
  // The file is in a state we will not touch: the request was fine, the file is not.
  if (error instanceof ConfigFileError) return { status: 409, message: error.message };
  // Cursor's failures are a bad gateway here: a 401 would tell the page its client key is wrong.
  if (error instanceof UpstreamError) return { status: 502, message: describeFailure(error.kind, error.message) };
  const apiError = toApiError(error);
  return { status: ANTHROPIC_ERRORS[apiError.kind].status, message: apiError.message };
}

export function adminErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, message } = statusAndMessage(error);
    if (status === 500) log.error('admin request failed', { path: req.originalUrl, message });
    if (res.headersSent) return void res.destroy();
    res.status(status).json({ error: { message } });
  };
}
