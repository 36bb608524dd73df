// The registry of public APIs the gateway serves. Adding an API is a folder (anthropic/,
// openai/, …) plus one line here; server.ts mounts each the same way.
import { anthropicDialect } from '../anthropic/dialect.js';
import type { Dialect } from './dialect.js';
import { openaiDialect } from '../openai/dialect.js';
import { createResponsesDialect } from '../responses/dialect.js';

/** A fresh list per app: a dialect may keep per-app state. */
export function createDialects(): Dialect[] {
  return [anthropicDialect, openaiDialect, createResponsesDialect()];
}
