// The token counts a response reports: the local prompt estimate until Cursor says better.
import type { Usage } from '../events.js';

export class UsageTally {
  private readonly current: Usage;

  constructor(estimatedInputTokens: number) {
    this.current = { inputTokens: estimatedInputTokens, outputTokens: 0 };
  }

  /** Zero counts mean "Cursor did not say": keep what we had then. */
  record(usage: Partial<Usage>): void {
    if (usage.inputTokens) this.current.inputTokens = usage.inputTokens;
    if (usage.outputTokens) this.current.outputTokens = usage.outputTokens;
  }

  get inputTokens(): number {
    return this.current.inputTokens;
  }

  get outputTokens(): number {
    return this.current.outputTokens;
  }
}
