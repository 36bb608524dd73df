// A local token count of a Conversation (o200k_base), for /v1/messages/count_tokens and for
// the input_tokens a response reports when Cursor gives none. Claude Code sizes its context
// and auto-compaction on these numbers, so they must be near the truth, not exact.
import type { Conversation, Message } from '../conversation.js';
import { loadO200k, type O200k } from './o200k.js';
import { TokenMemo } from './token-memo.js';

/** Role markers and separators around each message. */
const MESSAGE_OVERHEAD = 4;
/** Framing around each tool definition. */
const TOOL_OVERHEAD = 8;
/** Anthropic bills up to ~1,600 tokens for an image at full size; decoding sizes is not worth it. */
const IMAGE_TOKENS = 1600;
let tokenizer: O200k | undefined;

/**
 * Loaded on first use, not at import: building the o200k tables takes ~250 ms, which would
 * otherwise delay every start of the gateway before it listens.
 */
function countText(text: string): number {
  tokenizer ??= loadO200k();
  if (text.length <= MAX_PIECE_CHARS) return tokenizer.countTokens(text);
  let total = 0;
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start);
    total += tokenizer.countTokens(text.slice(start, end));
    start = end;
  }
  return total;
}

/**
 * BPE costs grow with the square of a word's length: one 100 KB run without spaces (base64, a
 * minified file) took 28 s, and 3 MB would stall the gateway for hours. Long texts are counted
 * in pieces of at most this many characters, cut before a space where there is one (where the
 * tokenizer splits anyway), so ordinary text counts the same.
 */
const MAX_PIECE_CHARS = 2048;

function pieceEnd(text: string, start: number): number {
  const hardEnd = start + MAX_PIECE_CHARS;
  if (hardEnd >= text.length) return text.length;
  const space = text.lastIndexOf(' ', hardEnd);
  return space > start + MAX_PIECE_CHARS / 2 ? space : hardEnd;
}

const sharedMemo = new TokenMemo();

function messageTokens(message: Message, tokens: (text: string) => number): number {
  let total = MESSAGE_OVERHEAD;
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
      case 'thinking':
        total += tokens(part.text);
        break;
      case 'image':
        total += IMAGE_TOKENS;
        break;
      case 'tool_call':
        total += tokens(part.name) + tokens(JSON.stringify(part.input));
        break;
      case 'tool_result':
        for (const item of part.content) total += item.type === 'text' ? tokens(item.text) : IMAGE_TOKENS;
        break;
    }
  }
  return total;
}

/** `memo`: where counts of long texts are remembered across calls (default: one per process). */
export function countConversationTokens(conversation: Conversation, memo: TokenMemo = sharedMemo): number {
  const tokens = (text: string) => (text ? memo.count(text, countText) : 0);
  const loaded = new Set(conversation.loadedDeferredTools);
  let total = tokens(conversation.system);
  for (const tool of conversation.tools) {
    // A deferred tool is not in the model's context until ToolSearch loads it.
    if (tool.deferred && !loaded.has(tool.name)) continue;
    total += TOOL_OVERHEAD + tokens(tool.name) + tokens(tool.description) + tokens(JSON.stringify(tool.inputSchema));
  }
  for (const message of conversation.messages) total += messageTokens(message, tokens);
  return total;
}
