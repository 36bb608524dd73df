// Merges the gateway's client environment into Claude Code's settings file (`env` block), and
// offers the usage statusline where the file has none, with a preview, a backup of the old file,
// and an undo (config-file-merge.ts). Every other key (every other env key, a statusLine the user
// already has) is kept, except Claude Code's provider switches (Bedrock, Vertex, …), which would
// send it elsewhere: those are removed, and the merge's notes say so. A file we cannot read as
// JSON is never touched.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConfigFilePreview } from '../../shared/thalamus-api.js';
import { CLAUDE_PROVIDER_SWITCHES } from './client-env.js';
import { applyConfigFile, ConfigFileError, previewConfigFile, type ConfigFileChange, type MergedText } from './config-file-merge.js';

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
 * The settings text after setting `env`'s variables in its `env` block (and removing the provider
 * switches), and `statusLine` (a command, `thalamus statusline`) when the file has none. Key order
 * is kept; new keys go last. `before` undefined or blank: a new file.
 */
export function mergeClaudeEnv(before: string | undefined, env: Record<string, string>, path = 'settings.json', statusLine?: string): MergedText {
  let settings: unknown = {};
  if (before !== undefined && before.trim() !== '') {
    try {
      settings = JSON.parse(before);
    } catch (error) {
      throw new ConfigFileError(`${path} is not valid JSON (${(error as Error).message}); fix it or move it away — nothing was changed`);
    }
  }
  if (!isObject(settings)) throw new ConfigFileError(`${path} does not hold a JSON object; fix it or move it away — nothing was changed`);
  const current = settings.env ?? {};
  if (!isObject(current)) throw new ConfigFileError(`the "env" entry of ${path} is not an object; fix it or move it away — nothing was changed`);
  const mergedEnv: JsonObject = { ...current, ...env };
  const notes: string[] = [];
  for (const [name, provider] of Object.entries(CLAUDE_PROVIDER_SWITCHES)) {
    if (!Object.hasOwn(mergedEnv, name)) continue;
    notes.push(`Removed ${name} (was ${JSON.stringify(mergedEnv[name])}) from the env block: it sends Claude Code to ${provider} instead of Thalamus.`);
    delete mergedEnv[name];
  }
  const merged: JsonObject = { ...settings, env: mergedEnv };
  if (statusLine && merged.statusLine === undefined) merged.statusLine = { type: 'command', command: statusLine, padding: 0 };
  return { text: JSON.stringify(merged, null, 2) + '\n', notes };
}

export function previewClaudeSettings(env: Record<string, string>, path = defaultClaudeSettingsPath()): Promise<ConfigFilePreview> {
  return previewConfigFile(path, (before) => mergeClaudeEnv(before, env, path));
}

export function applyClaudeSettings(
  env: Record<string, string>,
  path = defaultClaudeSettingsPath(),
  now: () => Date = () => new Date(),
): Promise<ConfigFileChange> {
  return applyConfigFile(path, (before) => mergeClaudeEnv(before, env, path), now);
}
