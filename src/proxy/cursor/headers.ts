// Request headers, exactly the set Cursor's CLI sends (reference §2.1) plus what connect-es
// adds on its own. Nothing else: no checksum, client key, session id or timezone.

/** connect-es 2.x writes `connect-es/<version>` as its user agent. */
export const CONNECT_USER_AGENT = 'connect-es/2.1.1';

/** Bidi/server streams (Run). */
export const CONTENT_TYPE_STREAM = 'application/connect+proto';
/** Binary unary calls (GetUsableModels). */
export const CONTENT_TYPE_UNARY = 'application/proto';

export interface CursorHeaderInput {
  accessToken: string;
  /** The full header value, `cli-<version>` (client-version.ts). */
  clientVersion: string;
  /** UUID v4; for Run it is the run's own id (§2.1, x-request-id). */
  requestId: string;
  /** Privacy mode; the CLI defaults to true when it does not know (§2.1, §7.13). */
  ghostMode?: boolean;
}

export function runHeaders(input: CursorHeaderInput): Record<string, string> {
  return cursorHeaders(input, CONTENT_TYPE_STREAM);
}

export function unaryHeaders(input: CursorHeaderInput): Record<string, string> {
  return cursorHeaders(input, CONTENT_TYPE_UNARY);
}

function cursorHeaders(input: CursorHeaderInput, contentType: string): Record<string, string> {
  return {
    authorization: `Bearer ${input.accessToken}`,
    'x-ghost-mode': String(input.ghostMode ?? true),
    'x-cursor-client-version': input.clientVersion,
    'x-cursor-client-type': 'cli',
    'x-request-id': input.requestId,
    'content-type': contentType,
    'connect-protocol-version': '1',
    te: 'trailers',
    'user-agent': CONNECT_USER_AGENT,
  };
}
