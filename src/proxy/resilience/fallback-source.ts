// Where the fallback chains come from: THALAMUS_FALLBACK when set (parsed at start, so a typo
// stops the gateway with its reason), else the UI's `fallback` setting in settings.json as it
// is now (the app's main process writes it; the engine runs apart).
import type { LiveSettings } from '../app/settings-store.js';
import { type FallbackChains, parseFallbackChains } from './fallback-chain.js';

export function fallbackChainsSource(envText: string | undefined, settings: LiveSettings): () => FallbackChains {
  if (envText) {
    const chains = parseFallbackChains(envText);
    return () => chains;
  }
  // A setting that does not parse never gets here: LiveSettings drops it (and says so).
  let parsedFrom = '';
  let chains: FallbackChains = new Map();
  return () => {
    const text = settings.current().fallback;
    if (text !== parsedFrom) {
      parsedFrom = text;
      chains = text ? parseFallbackChains(text) : new Map();
    }
    return chains;
  };
}
