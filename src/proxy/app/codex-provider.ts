// The `thalamus` model provider Codex needs for the running gateway (codex-cli.md §1), as
// settings and as the TOML block `thalamus env --client codex` prints and the UI shows. Pure (no
// Node APIs): the renderer imports it too. Merging it into a file is codex-config.ts.
import { stringify } from 'smol-toml';

export const CODEX_PROVIDER_ID = 'thalamus';
/**
 * Variant: the key travels in the environment (`env_key`, as codex-cli.md §1 measured), not in
 * the file; THALAMUS_API_KEY is also the name the gateway itself reads the key from.
 */
export const CODEX_KEY_VARIABLE = 'THALAMUS_API_KEY';
/** A model Cursor serves under that id (Codex warns it has no metadata for it: harmless, codex-cli.md §1). */
export const DEFAULT_CODEX_MODEL = 'gpt-5';

export interface CodexConfigInput {
  baseUrl: string;
  model?: string;
}

/** The top-level keys and the provider table Thalamus sets in Codex's config. */
export function codexProviderSettings(input: CodexConfigInput): { model: string; model_provider: string; provider: Record<string, string> } {
  return {
    model: input.model || DEFAULT_CODEX_MODEL,
    model_provider: CODEX_PROVIDER_ID,
    provider: { name: 'Thalamus', base_url: `${input.baseUrl}/v1`, wire_api: 'responses', env_key: CODEX_KEY_VARIABLE },
  };
}

/** The provider block for `~/.codex/config.toml`, with a comment on where the key comes from. */
export function renderCodexConfig(input: CodexConfigInput): string {
  const { model, model_provider, provider } = codexProviderSettings(input);
  return (
    `# Codex: save this as ~/.codex/thalamus.config.toml and run \`codex -p thalamus\` (or let the\n` +
    `# Thalamus app merge it into config.toml), with ${CODEX_KEY_VARIABLE} exported (\`thalamus env\` prints it).\n` +
    stringify({ model, model_provider, model_providers: { [CODEX_PROVIDER_ID]: provider } })
  );
}
