// Request bodies: the real Claude Code request (shared fixture) and small ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Anthropic Messages request body, as the JSON object a client sends. */
export type MessagesBody = Record<string, unknown> & { messages: unknown[] };

/** The captured Claude Code request's body (/work/shared/fixtures, next to the repo). */
export function claudeCodeBody(repoRoot: string): MessagesBody {
  const fixture = JSON.parse(readFileSync(join(repoRoot, '..', 'shared', 'fixtures', 'claude-code-request.json'), 'utf8')) as {
    body: MessagesBody;
  };
  return fixture.body;
}

/** A one-line streaming request; `maxTokens` must cover the answer it asks for (the gateway cuts output at the cap). */
export function smallBody(text: string, maxTokens = 1024): MessagesBody {
  return { model: 'claude-sonnet-4-5', max_tokens: maxTokens, stream: true, messages: [{ role: 'user', content: text }] };
}

export function encodeBody(body: MessagesBody): Buffer {
  return Buffer.from(JSON.stringify(body));
}
