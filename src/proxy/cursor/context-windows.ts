// Context windows when Cursor tells us none (cursor-limits.md §4, Cursor's docs, 2026): most
// families 200K–300K by default, 1M only under Max mode for the families that support it. What
// AvailableModels or a checkpoint's token_details report always wins over this table.

/** A Cursor model's window: the default one, and the Max-mode one where the family has it. */
export interface ContextWindow {
  tokens: number;
  maxModeTokens?: number;
}

const ONE_MILLION = 1_000_000;

/** First matching pattern wins; tested against the Cursor model id, lower-cased. */
const TABLE: Array<[RegExp, ContextWindow]> = [
  // Recent Claude Sonnet/Opus (4.x) have a 1M Max mode; older Claude and Haiku stay at 200K.
  [/claude.*(sonnet|opus)|(sonnet|opus).*4/, { tokens: 200_000, maxModeTokens: ONE_MILLION }],
  [/claude|haiku/, { tokens: 200_000 }],
  [/gpt-5|gpt-4\.1/, { tokens: 272_000, maxModeTokens: ONE_MILLION }],
  [/gemini/, { tokens: 200_000, maxModeTokens: ONE_MILLION }],
  [/kimi/, { tokens: 200_000, maxModeTokens: ONE_MILLION }],
  [/grok/, { tokens: 256_000 }],
];

/** Any other model (Auto, Composer, families the docs do not list): an estimate, named as such. */
export const FALLBACK_CONTEXT_WINDOW: ContextWindow = { tokens: 200_000 };

export function tableContextWindow(modelId: string): ContextWindow {
  const id = modelId.toLowerCase();
  return TABLE.find(([pattern]) => pattern.test(id))?.[1] ?? FALLBACK_CONTEXT_WINDOW;
}
