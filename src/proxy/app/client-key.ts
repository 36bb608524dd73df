// The local client key every API call must carry. THALAMUS_API_KEY wins; otherwise one is
// generated on first start and kept (0600) in the config dir so it survives restarts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';

export const CLIENT_KEY_FILE = 'client-key';

export interface ClientKey {
  key: string;
  source: 'env' | 'config-dir';
}

export function generateClientKey(): string {
  return `thl_${randomBytes(24).toString('base64url')}`;
}

export async function loadOrCreateClientKey(configDir: string, fromEnv?: string): Promise<ClientKey> {
  if (fromEnv) return { key: fromEnv, source: 'env' };
  const path = join(configDir, CLIENT_KEY_FILE);
  const stored = (await readFileIfExists(path))?.trim();
  if (stored) return { key: stored, source: 'config-dir' };
  const key = generateClientKey();
  await writeFileAtomic(path, key + '\n');
  return { key, source: 'config-dir' };
}
