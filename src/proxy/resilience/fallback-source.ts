// Where the fallback chains come from: THALAMUS_FALLBACK when set (parsed at start, so a typo
// stops the gateway with its reason), else the UI's `fallback` setting in settings.json, read
// again whenever that file changes (the app's main process writes it; the engine runs apart).
import { readFileSync, statSync } from 'node:fs';
import type { Logger } from '../log.js';
import { type FallbackChains, parseFallbackChains } from './fallback-chain.js';

export function fallbackChainsSource(envText: string | undefined, settingsPath: string, logger: Logger): () => FallbackChains {
  if (envText) {
    const chains = parseFallbackChains(envText);
    return () => chains;
  }
  let seenMtime: number | undefined;
  let chains: FallbackChains = new Map();
  return () => {
    const mtime = mtimeOf(settingsPath);
    if (mtime !== seenMtime) {
      seenMtime = mtime;
      chains = chainsFromSettings(settingsPath, logger);
    }
    return chains;
  };
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function chainsFromSettings(path: string, logger: Logger): FallbackChains {
  try {
    const settings = JSON.parse(readFileSync(path, 'utf8')) as { fallback?: unknown };
    return typeof settings.fallback === 'string' ? parseFallbackChains(settings.fallback) : new Map();
  } catch (error) {
    // No settings file yet, or one the settings store would also refuse: no chains.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('fallback setting ignored', { message: (error as Error).message });
    return new Map();
  }
}
