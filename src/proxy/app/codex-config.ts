// Merges Codex's `thalamus` provider (codex-provider.ts) into `~/.codex/config.toml`, for the
// app (preview, backup, undo: config-file-merge.ts). The merge sets `model`, `model_provider`
// and `[model_providers.thalamus]` and keeps every other setting and provider; smol-toml reads
// and writes the file (comments are not kept: the backup has them).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify, TomlError } from 'smol-toml';
import type { ConfigFilePreview } from '../../shared/thalamus-api.js';
import { CODEX_PROVIDER_ID, codexProviderSettings, type CodexConfigInput } from './codex-provider.js';
import { applyConfigFile, ConfigFileError, previewConfigFile, type ConfigFileChange } from './config-file-merge.js';

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `$CODEX_HOME/config.toml`, by default `~/.codex/config.toml`. */
export function defaultCodexConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CODEX_HOME || join(env.HOME || env.USERPROFILE || homedir(), '.codex');
  return join(dir, 'config.toml');
}

/** The config text after pointing Codex at Thalamus. `before` undefined or blank: a new file. */
export function mergeCodexConfig(before: string | undefined, input: CodexConfigInput, path = 'config.toml'): string {
  let config: Table = {};
  if (before !== undefined && before.trim() !== '') {
    try {
      config = parse(before);
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      throw new ConfigFileError(`${path} is not valid TOML (${error.message.split('\n')[0]}); fix it or move it away — nothing was changed`);
    }
  }
  const providers = config.model_providers ?? {};
  if (!isTable(providers)) throw new ConfigFileError(`the model_providers entry of ${path} is not a table; fix it or move it away — nothing was changed`);
  const { model, model_provider, provider } = codexProviderSettings(input);
  return stringify({ ...config, model, model_provider, model_providers: { ...providers, [CODEX_PROVIDER_ID]: provider } });
}

export function previewCodexConfig(input: CodexConfigInput, path = defaultCodexConfigPath()): Promise<ConfigFilePreview> {
  return previewConfigFile(path, (before) => mergeCodexConfig(before, input, path));
}

export function applyCodexConfig(input: CodexConfigInput, path = defaultCodexConfigPath(), now?: () => Date): Promise<ConfigFileChange> {
  return applyConfigFile(path, (before) => mergeCodexConfig(before, input, path), now);
}
