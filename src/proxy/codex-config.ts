// Codex's config for the running gateway (codex-cli.md §1): a `thalamus` model provider on
// the Responses wire, printed by `thalamus env --client codex` and merged into
// `~/.codex/config.toml` by the app (preview, backup, undo: config-file-merge.ts). The merge
// sets `model`, `model_provider` and `[model_providers.thalamus]` and keeps every other setting
// and provider; smol-toml reads and writes the file (comments are not kept: the backup has them).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify, TomlError } from 'smol-toml';
import type { ConfigFilePreview } from '../shared/thalamus-api.js';
import { applyConfigFile, ConfigFileError, previewConfigFile, type ConfigFileChange } from './config-file-merge.js';

export const CODEX_PROVIDER_ID = 'thalamus';
/**
 * Variant: the key travels in the environment (`env_key`, as codex-cli.md §1 measured), not in
 * the file; THALAMUS_API_KEY is also the name the gateway itself reads the key from.
 */
export const CODEX_KEY_VARIABLE = 'THALAMUS_API_KEY';
/** A model id Codex knows (no "missing model metadata" warning) and Cursor serves. */
export const DEFAULT_CODEX_MODEL = 'gpt-5';

export interface CodexConfigInput {
  baseUrl: string;
  model?: string;
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `$CODEX_HOME/config.toml`, by default `~/.codex/config.toml`. */
export function defaultCodexConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CODEX_HOME || join(env.HOME || env.USERPROFILE || homedir(), '.codex');
  return join(dir, 'config.toml');
}

function providerSettings(input: CodexConfigInput): { model: string; model_provider: string; provider: Table } {
  return {
    model: input.model || DEFAULT_CODEX_MODEL,
    model_provider: CODEX_PROVIDER_ID,
    provider: { name: 'Thalamus', base_url: `${input.baseUrl}/v1`, wire_api: 'responses', env_key: CODEX_KEY_VARIABLE },
  };
}

/** The provider block as `thalamus env --client codex` prints it. */
export function renderCodexConfig(input: CodexConfigInput): string {
  const { model, model_provider, provider } = providerSettings(input);
  return (
    `# Codex: put this in ~/.codex/config.toml (the Thalamus app can merge it for you), and\n` +
    `# export ${CODEX_KEY_VARIABLE} (\`thalamus env\` prints it) in the shell you run codex from.\n` +
    stringify({ model, model_provider, model_providers: { [CODEX_PROVIDER_ID]: provider } })
  );
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
  const { model, model_provider, provider } = providerSettings(input);
  return stringify({ ...config, model, model_provider, model_providers: { ...providers, [CODEX_PROVIDER_ID]: provider } });
}

export function previewCodexConfig(input: CodexConfigInput, path = defaultCodexConfigPath()): Promise<ConfigFilePreview> {
  return previewConfigFile(path, (before) => mergeCodexConfig(before, input, path));
}

export function applyCodexConfig(input: CodexConfigInput, path = defaultCodexConfigPath(), now?: () => Date): Promise<ConfigFileChange> {
  return applyConfigFile(path, (before) => mergeCodexConfig(before, input, path), now);
}
