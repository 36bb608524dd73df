// Token usage of one response (reference §7.10, §7.15).
// Input: the latest checkpoint's token_details.used_tokens when the run has sent one, else an
// estimate of 4 characters per token over everything sent on the run (prompt, history, tool
// definitions, tool results). Output: the sum of token_delta counts of this response; when
// Cursor sent none, 4 characters per token of the text, thinking and tool arguments produced.
import type { Usage } from '../events.js';

const CHARS_PER_TOKEN = 4;

export class UsageMeter {
  private sentChars: number;
  private checkpointTokens?: number;
  private outputTokens = 0;
  private outputChars = 0;

  constructor(initialSentChars: number) {
    this.sentChars = initialSentChars;
  }

  addSentChars(chars: number): void {
    this.sentChars += chars;
  }

  noteCheckpoint(usedTokens: number): void {
    if (usedTokens > 0) this.checkpointTokens = usedTokens;
  }

  addOutputTokens(tokens: number): void {
    if (tokens > 0) this.outputTokens += tokens;
  }

  addOutputChars(chars: number): void {
    this.outputChars += chars;
  }

  get inputTokens(): number {
    return this.checkpointTokens ?? Math.ceil(this.sentChars / CHARS_PER_TOKEN);
  }

  /** The usage of the response that just ended; output counters restart for the next one. */
  takeResponseUsage(): Usage {
    const outputTokens = this.outputTokens > 0 ? this.outputTokens : Math.ceil(this.outputChars / CHARS_PER_TOKEN);
    this.outputTokens = 0;
    this.outputChars = 0;
    return { inputTokens: this.inputTokens, outputTokens };
  }
}
