// A local token count of a Conversation (o200k_base), for /v1/messages/count_tokens and for
// the input_tokens a response reports when Cursor gives none. Claude Code sizes its context
// and auto-compaction on these numbers, so they must be near the truth, not exact.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Conversation, Message } from './conversation.js';

/** Role markers and separators around each message. */
const MESSAGE_OVERHEAD = 4;
/** Framing around each tool definition. */
const TOOL_OVERHEAD = 8;
/** Anthropic bills up to ~1,600 tokens for an image at full size; decoding sizes is not worth it. */
const IMAGE_TOKENS = 1600;
// Text in prompts may contain special-token spellings (`<|endoftext|>`); count them as text.
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() };

function tokens(text: string): number {
  return text ? countTokens(text, ENCODE_OPTIONS) : 0;
}

function messageTokens(message: Message): number {
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

export function countConversationTokens(conversation: Conversation): number {
  const loaded = new Set(conversation.loadedDeferredTools);
  let total = tokens(conversation.system);
  for (const tool of conversation.tools) {
    // A deferred tool is not in the model's context until ToolSearch loads it.
    if (tool.deferred && !loaded.has(tool.name)) continue;
    total += TOOL_OVERHEAD + tokens(tool.name) + tokens(tool.description) + tokens(JSON.stringify(tool.inputSchema));
  }
  for (const message of conversation.messages) total += messageTokens(message);
  return total;
}
