// The latest plan meters in the config dir: the gateway writes them after each fetch; the CLI
// (`usage`, `statusline`) reads them instead of asking Cursor again.
import { join } from 'node:path';
import type { PlanMeters } from '../../shared/usage.js';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';

export const METERS_FILE = 'usage-meters.json';

/** The shared meters, or undefined when there are none or the file is not meters. Never throws. */
export async function readSharedMeters(configDir: string): Promise<PlanMeters | undefined> {
  try {
    const text = await readFileIfExists(join(configDir, METERS_FILE));
    const value = text ? (JSON.parse(text) as PlanMeters) : undefined;
    return typeof value?.fetchedAt === 'string' && typeof value.state === 'string' && value.pools ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a full disk costs the CLI a fresh ask, never a request. */
export async function writeSharedMeters(configDir: string, meters: PlanMeters): Promise<void> {
  await writeFileAtomic(join(configDir, METERS_FILE), JSON.stringify(meters) + '\n').catch(() => undefined);
}
