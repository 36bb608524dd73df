// The `x-cursor-client-version` value (reference §2.1): `cli-<version>`.
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The newest dated CLI build public Cursor bridges shipped as their default in 2026
 * (cursor-limits.md §5). An installed cursor-agent's own build is preferred when there is one.
 */
export const DEFAULT_CLIENT_VERSION = '2026.10.01-e373342';

export type ClientVersionSource = 'THALAMUS_CLIENT_VERSION' | 'installed cursor-agent' | 'built-in default';

const VERSION_PATTERN = /^(\d{4})\.(\d{1,2})\.(\d{1,2})-([0-9a-f]+)$/;

export interface ClientVersionSources {
  env?: NodeJS.ProcessEnv;
  /** Home directory holding `.local/share/cursor-agent/versions` (§6.5). */
  homeDir?: string;
}

/**
 * THALAMUS_CLIENT_VERSION (with or without `cli-`), else the newest installed cursor-agent
 * version directory, else the built-in default. Returns the full header value.
 */
export function resolveClientVersion(sources: ClientVersionSources = {}): string {
  return clientVersionWithSource(sources).header;
}

/** The header value and where it came from (for `thalamus status` and error messages). */
export function clientVersionWithSource(sources: ClientVersionSources = {}): { header: string; source: ClientVersionSource } {
  const fromEnv = (sources.env ?? process.env).THALAMUS_CLIENT_VERSION?.trim();
  if (fromEnv) return { header: clientVersionHeader(fromEnv), source: 'THALAMUS_CLIENT_VERSION' };
  const installed = newestInstalledVersion(sources.homeDir ?? homedir());
  if (installed && compareVersions(installed, DEFAULT_CLIENT_VERSION) > 0) return { header: clientVersionHeader(installed), source: 'installed cursor-agent' };
  return { header: clientVersionHeader(DEFAULT_CLIENT_VERSION), source: 'built-in default' };
}

/**
 * After Cursor refused `sent` as outdated: the newest installed cursor-agent build when it is
 * newer than what was sent (installed since the gateway started, or updated), else undefined.
 */
export function newerInstalledVersion(sent: string, sources: ClientVersionSources = {}): string | undefined {
  const installed = newestInstalledVersion(sources.homeDir ?? homedir());
  const current = sent.replace(/^cli-/, '');
  if (!installed || !VERSION_PATTERN.test(current)) return installed ? clientVersionHeader(installed) : undefined;
  return compareVersions(installed, current) > 0 ? clientVersionHeader(installed) : undefined;
}

/** `2026.01.17-d239e66` or `cli-2026.01.17-d239e66` → `cli-2026.01.17-d239e66`. */
export function clientVersionHeader(version: string): string {
  return version.startsWith('cli-') ? version : `cli-${version}`;
}

function newestInstalledVersion(homeDir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(join(homeDir, '.local', 'share', 'cursor-agent', 'versions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return undefined;
  }
  return names.filter((name) => VERSION_PATTERN.test(name)).sort(compareVersions).at(-1);
}

/** Versions are `YYYY.M.D-hash`: compare the date numerically, then the hash. */
function compareVersions(a: string, b: string): number {
  const pa = VERSION_PATTERN.exec(a)!;
  const pb = VERSION_PATTERN.exec(b)!;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) return diff;
  }
  return pa[4] < pb[4] ? -1 : pa[4] > pb[4] ? 1 : 0;
}
