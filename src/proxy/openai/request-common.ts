// Request pieces both OpenAI APIs (Chat Completions and Responses) read the same way:
// reasoning effort words, data-URL images and tool-call argument texts.
import type { Effort, ImagePart } from '../conversation.js';
import { invalidRequest } from '../http/api-error.js';
import { optionalString } from '../http/validate.js';

/** OpenAI reasoning effort → the Conversation's effort. `minimal` has no Cursor variant: treat as low. */
const REASONING_EFFORT: Readonly<Record<string, Effort | undefined>> = {
  none: undefined,
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
};

/** `{given: false}` when absent; `effort` is undefined for `none`. */
export function reasoningEffort(value: unknown, path: string): { given: boolean; effort?: Effort } {
  const word = optionalString(value, path);
  if (word === undefined) return { given: false };
  if (!(word in REASONING_EFFORT)) throw invalidRequest(path, `must be one of ${Object.keys(REASONING_EFFORT).join(', ')}`);
  return { given: true, effort: REASONING_EFFORT[word] };
}

export function imageFromDataUrl(url: string, path: string): ImagePart {
  const match = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  if (!match) {
    throw invalidRequest(path, 'only base64 data URLs (data:image/png;base64,…) are supported; fetch the image and inline it');
  }
  return { type: 'image', mediaType: match[1]!, data: match[2]! };
}

/** A tool call's `arguments` text → the parsed object ('' means no arguments). */
export function parseArguments(value: unknown, path: string): unknown {
  const text = optionalString(value, path) ?? '';
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest(path, 'must be a JSON object text');
  }
}
