// The client's max_tokens (max_completion_tokens, max_output_tokens), which Cursor has no field
// for: output is counted as it streams (an estimate: 4 characters a token, thinking included,
// as Anthropic counts it), cut at the cap, and the turn ends with stop reason `max_tokens`
// (OpenAI `length`) while the run is cancelled.
import type { TurnEvent } from './events.js';

const CHARS_PER_TOKEN = 4;

export class OutputCap {
  private chars = 0;

  constructor(private readonly maxTokens: number) {}

  /** The event as far as it fits (undefined when nothing of it does); after it, `reached` may be true. */
  admit(event: TurnEvent): TurnEvent | undefined {
    if (this.reached) return undefined;
    const room = this.maxTokens * CHARS_PER_TOKEN - this.chars;
    if (event.type === 'text' || event.type === 'thinking') {
      // The common case (the delta fits) passes the event through without a copy: this runs per delta.
      if (event.text.length <= room) {
        this.chars += event.text.length;
        return event.text ? event : undefined;
      }
      this.chars += room + 1;
      return room > 0 ? { ...event, text: event.text.slice(0, room) } : undefined;
    }
    if (event.type === 'tool_call') {
      const size = event.name.length + event.arguments.length;
      if (size > room) {
        this.chars = this.maxTokens * CHARS_PER_TOKEN + 1;
        return undefined;
      }
      this.chars += size;
    }
    return event;
  }

  /** More output was produced than the cap allows. */
  get reached(): boolean {
    return this.chars > this.maxTokens * CHARS_PER_TOKEN;
  }

  /** Output tokens counted so far (an estimate). */
  get tokens(): number {
    return Math.min(this.maxTokens, Math.ceil(this.chars / CHARS_PER_TOKEN));
  }
}
