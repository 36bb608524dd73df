// The environment a client needs to use a running gateway, rendered for each shell.
// Shared by `thalamus env`, the UI's exporters (desktop and `serve --ui`) and the settings.json merge.
import type { Settings } from '../../shared/thalamus-api.js';
import { CODEX_KEY_VARIABLE } from './codex-provider.js';

export type Shell = 'bash' | 'fish' | 'powershell' | 'cmd';
export const SHELLS: readonly Shell[] = ['bash', 'fish', 'powershell', 'cmd'];

export interface ClientEnvInput {
  baseUrl: string;
  clientKey: string;
  model?: string;
  smallFastModel?: string;
  /** Gateway ids for Claude Code's own aliases (`opus`, `sonnet`, `haiku`; /model and sub-agents). */
  opusModel?: string;
  sonnetModel?: string;
  haikuModel?: string;
}

export interface EnvGroup {
  title: string;
  vars: Array<[name: string, value: string]>;
  /** Variables to clear first (they would override what `vars` set up). */
  unset?: readonly string[];
}

/**
 * Claude Code's provider switches: any one of them set sends Claude Code to that cloud instead of
 * ANTHROPIC_BASE_URL, so Thalamus clears them wherever it writes Claude Code's environment.
 * claude-code.md lists none; these are the ones Claude Code's own settings documentation names.
 */
export const CLAUDE_PROVIDER_SWITCHES: Readonly<Record<string, string>> = {
  CLAUDE_CODE_USE_BEDROCK: 'Amazon Bedrock',
  CLAUDE_CODE_USE_VERTEX: 'Google Vertex AI',
  CLAUDE_CODE_USE_FOUNDRY: 'Microsoft Foundry',
};

export function clientEnv(input: ClientEnvInput): EnvGroup[] {
  const claude: Array<[string, string]> = [
    ['ANTHROPIC_BASE_URL', input.baseUrl],
    // AUTH_TOKEN makes Claude Code send `Authorization: Bearer`, and skips its "use this API key?" prompt.
    ['ANTHROPIC_AUTH_TOKEN', input.clientKey],
  ];
  if (input.model) claude.push(['ANTHROPIC_MODEL', input.model]);
  if (input.smallFastModel) claude.push(['ANTHROPIC_SMALL_FAST_MODEL', input.smallFastModel]);
  if (input.opusModel) claude.push(['ANTHROPIC_DEFAULT_OPUS_MODEL', input.opusModel]);
  if (input.sonnetModel) claude.push(['ANTHROPIC_DEFAULT_SONNET_MODEL', input.sonnetModel]);
  if (input.haikuModel) claude.push(['ANTHROPIC_DEFAULT_HAIKU_MODEL', input.haikuModel]);
  // /model lists every Cursor model the gateway has (ids containing "claude", claude-code.md §9).
  // Measured with Claude Code 2.1.330: discovery still runs with nonessential traffic disabled.
  claude.push(['CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY', '1']);
  // A failed stream is retried as a non-streaming request, which would run tool calls twice.
  claude.push(['CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK', '1']);
  // Keeps Claude Code from probing api.anthropic.com, which a local gateway does not stand in for.
  claude.push(['CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', '1']);
  return [
    { title: 'Claude Code', vars: claude, unset: Object.keys(CLAUDE_PROVIDER_SWITCHES) },
    {
      title: 'OpenAI-compatible clients',
      vars: [
        ['OPENAI_BASE_URL', `${input.baseUrl}/v1`],
        ['OPENAI_API_KEY', input.clientKey],
      ],
    },
    // Codex's provider block (`thalamus env --client codex`) names this variable as its env_key.
    { title: 'Codex', vars: [[CODEX_KEY_VARIABLE, input.clientKey]] },
  ];
}

type ModelSlots = Pick<ClientEnvInput, 'model' | 'smallFastModel' | 'opusModel' | 'sonnetModel' | 'haikuModel'>;

/** The model slots a person picked in Settings ('' = not picked: no variable). */
export function settingsModels(settings: Settings): ModelSlots {
  const { defaultModel, smallFastModel, opusModel, sonnetModel, haikuModel } = settings;
  return { model: defaultModel, smallFastModel, opusModel, sonnetModel, haikuModel };
}

/** The environment for the Settings' model slots. */
export function clientEnvFor(settings: Settings, baseUrl: string, clientKey: string): EnvGroup[] {
  return clientEnv({ baseUrl, clientKey, ...settingsModels(settings) });
}

/** Only the variables Claude Code reads, for its settings file (the provider switches are cleared by the merge). */
export function claudeCodeEnv(settings: Settings, baseUrl: string, clientKey: string): Record<string, string> {
  return Object.fromEntries(clientEnvFor(settings, baseUrl, clientKey).flatMap((group) => group.vars).filter(([name]) => /^(ANTHROPIC|CLAUDE_CODE)_/.test(name)));
}

export function renderEnv(groups: EnvGroup[], shell: Shell): string {
  const comment = shell === 'cmd' ? 'REM' : '#';
  return groups
    .map((group) =>
      [`${comment} ${group.title}`, ...(group.unset ?? []).map((name) => unsetting(shell, name)), ...group.vars.map(([name, value]) => assignment(shell, name, value))].join('\n'),
    )
    .join('\n\n') + '\n';
}

function assignment(shell: Shell, name: string, value: string): string {
  switch (shell) {
    case 'bash':
      return `export ${name}='${value.replaceAll("'", `'\\''`)}'`;
    case 'fish':
      return `set -gx ${name} '${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    case 'powershell':
      return `$env:${name} = '${value.replaceAll("'", "''")}'`;
    case 'cmd':
      return `set "${name}=${value}"`;
  }
}

function unsetting(shell: Shell, name: string): string {
  switch (shell) {
    case 'bash':
      return `unset ${name}`;
    case 'fish':
      return `set -e ${name}`;
    case 'powershell':
      return `Remove-Item Env:${name} -ErrorAction SilentlyContinue`;
    case 'cmd':
      return `set "${name}="`;
  }
}
