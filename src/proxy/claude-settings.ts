// Merges the gateway's client environment into Claude Code's settings file (`env` block), with a
// preview, a backup of the old file, and an undo. Every other key (and every other env key)
// is kept; a file we cannot read as JSON is never touched.
import { copyFile, rename, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClaudeSettingsApplied, ClaudeSettingsPreview } from '../shared/thalamus-api.js';
import { readFileIfExists, writeFileAtomic } from './files.js';

/** A settings file we refuse to change: not JSON, or not shaped like Claude Code settings. */
export class ClaudeSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaudeSettingsError';
  }
}

/** What apply wrote, so undo can put things back (and notice when someone else changed the file since). */
export interface ClaudeSettingsChange extends ClaudeSettingsApplied {
  written: string;
}

/** Claude Code reads `$CLAUDE_CONFIG_DIR/settings.json`, by default `~/.claude/settings.json`. */
export function defaultClaudeSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CLAUDE_CONFIG_DIR || join(env.HOME || env.USERPROFILE || homedir(), '.claude');
  return join(dir, 'settings.json');
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The settings text after setting `env`'s variables in its `env` block. Key order is kept;
 * new keys go last. `before` undefined or blank: a new file.
 */
export function mergeClaudeEnv(before: string | undefined, env: Record<string, string>, path = 'settings.json'): string {
  let settings: unknown = {};
  if (before !== undefined && before.trim() !== '') {
    try {
      settings = JSON.parse(before);
    } catch (error) {
      throw new ClaudeSettingsError(`${path} is not valid JSON (${(error as Error).message}); fix it or move it away — nothing was changed`);
    }
  }
  if (!isObject(settings)) throw new ClaudeSettingsError(`${path} does not hold a JSON object; fix it or move it away — nothing was changed`);
  const current = settings.env ?? {};
  if (!isObject(current)) throw new ClaudeSettingsError(`the "env" entry of ${path} is not an object; fix it or move it away — nothing was changed`);
  return JSON.stringify({ ...settings, env: { ...current, ...env } }, null, 2) + '\n';
}

export async function previewClaudeSettings(env: Record<string, string>, path = defaultClaudeSettingsPath()): Promise<ClaudeSettingsPreview> {
  const before = (await readFileIfExists(path)) ?? '';
  return { path, before, after: mergeClaudeEnv(before, env, path) };
}

/** Backs the current file up next to it (timestamped), then writes the merge atomically. */
export async function applyClaudeSettings(
  env: Record<string, string>,
  path = defaultClaudeSettingsPath(),
  now: () => Date = () => new Date(),
): Promise<ClaudeSettingsChange> {
  const before = await readFileIfExists(path);
  const written = mergeClaudeEnv(before, env, path);
  let backupPath: string | undefined;
  if (before !== undefined) {
    backupPath = `${path}.${now().toISOString().replace(/[:.]/g, '-')}.bak`;
    // Never overwrite an older backup: two applies in the same millisecond fail rather than lose one.
    await copyFile(path, backupPath, constants.COPYFILE_EXCL);
  }
  // 0600: the file now holds the client key.
  await writeFileAtomic(path, written);
  return { path, backupPath, written };
}

/** Puts the file back as it was before `change`: the backup returns, or a file we created goes. */
export async function undoClaudeSettings(change: ClaudeSettingsChange): Promise<void> {
  const current = await readFileIfExists(change.path);
  if (current !== undefined && current !== change.written) {
    throw new ClaudeSettingsError(
      `${change.path} changed after Thalamus wrote it; not undoing` + (change.backupPath ? ` (the old file is at ${change.backupPath})` : ''),
    );
  }
  if (change.backupPath) {
    try {
      await rename(change.backupPath, change.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new ClaudeSettingsError(`the backup ${change.backupPath} is gone; not undoing`);
    }
  } else {
    await rm(change.path, { force: true });
  }
}
