// THALAMUS_FALLBACK (and the UI setting of the same text): which Cursor models stand in for
// which. `gpt-5.1>composer-1>default;claude-4.5-sonnet>default` means a turn on gpt-5.1 that
// cannot be answered tries composer-1, then default; one on claude-4.5-sonnet tries default.
// Only the first model of a chain is ever switched away from; a model with no chain never is.

/** First model of each chain → the models to try after it, in order. */
export type FallbackChains = ReadonlyMap<string, readonly string[]>;

export class FallbackSyntaxError extends Error {}

export function parseFallbackChains(text: string | undefined): FallbackChains {
  const chains = new Map<string, string[]>();
  for (const part of (text ?? '').split(';')) {
    if (!part.trim()) continue;
    const models = part.split('>').map((model) => model.trim());
    if (models.length < 2 || models.some((model) => !model)) {
      throw new FallbackSyntaxError(`fallback chain "${part.trim()}" must be model>model[>model…]`);
    }
    const [head, ...rest] = models as [string, ...string[]];
    if (chains.has(head)) throw new FallbackSyntaxError(`model "${head}" starts two fallback chains`);
    if (new Set(models).size !== models.length) throw new FallbackSyntaxError(`fallback chain "${part.trim()}" names a model twice`);
    chains.set(head, rest);
  }
  return chains;
}
