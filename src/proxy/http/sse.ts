// Server-Sent Events framing shared by both APIs.

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Reverse proxies (nginx) must not buffer a stream.
  'x-accel-buffering': 'no',
};

/** A named event (Anthropic style). */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** An unnamed data event (OpenAI style); strings are sent verbatim (`[DONE]`). */
export function sseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by every SSE parser, keeps idle connections alive. */
export const SSE_COMMENT_KEEPALIVE = ': keep-alive\n\n';
