// The package version, read once from package.json (two levels up from src/proxy and dist/proxy).
import { readFileSync } from 'node:fs';

export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
