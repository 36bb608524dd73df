import { useState, type ReactNode } from 'react';
import { clientEnv, clientEnvFor, renderEnv, type Shell } from '../../../proxy/app/client-env';
import type { Settings } from '../../../shared/thalamus-api';
import { maskSecret } from '../../lib/mask';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { ShowKeyToggle } from '../../components/ShowKeyToggle';
import { api } from '../../api';
import { ConfigFilePanel } from './ConfigFilePanel';

const TABS: Array<{ shell: Shell; label: string; hint: ReactNode }> = [
  {
    shell: 'bash',
    label: 'bash / zsh',
    hint: (
      <>
        Paste into your terminal before running <code>claude</code>, or add it to <code>~/.bashrc</code> or <code>~/.zshrc</code>.
      </>
    ),
  },
  {
    shell: 'fish',
    label: 'fish',
    hint: (
      <>
        Paste into fish, or add it to <code>~/.config/fish/config.fish</code>.
      </>
    ),
  },
  {
    shell: 'powershell',
    label: 'PowerShell',
    hint: (
      <>
        Paste into PowerShell, or add it to your <code>$PROFILE</code>.
      </>
    ),
  },
  {
    shell: 'cmd',
    label: 'cmd',
    hint: (
      <>
        Paste into the Command Prompt window you run <code>claude</code> from.
      </>
    ),
  },
];

interface Props {
  clientConfig?: { baseUrl: string; clientKey: string };
  settings?: Settings;
}

export function ClaudeCodeCard({ clientConfig, settings }: Props) {
  const [shell, setShell] = useState<Shell>('bash');
  const [showKey, setShowKey] = useState(false);
  const tab = TABS.find((candidate) => candidate.shell === shell)!;
  const text = clientConfig
    ? renderEnv(settings ? clientEnvFor(settings, clientConfig.baseUrl, clientConfig.clientKey) : clientEnv(clientConfig), shell)
    : '';
  const shown = showKey || !clientConfig ? text : maskSecret(text, clientConfig.clientKey);

  return (
    <Card
      id="claude-code"
      title="Use with Claude Code"
      className="card-wide"
      aside={<ShowKeyToggle checked={showKey} onChange={setShowKey} />}
    >
      <p className="hint">These variables point Claude Code (and OpenAI-compatible tools) at Thalamus. Copy them for your shell…</p>
      <div className="tabs" role="tablist" aria-label="Shell">
        {TABS.map((candidate) => (
          <button
            key={candidate.shell}
            type="button"
            role="tab"
            id={`tab-${candidate.shell}`}
            aria-selected={candidate.shell === shell}
            aria-controls="env-panel"
            className="tab"
            onClick={() => setShell(candidate.shell)}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div id="env-panel" role="tabpanel" aria-labelledby={`tab-${shell}`} className="snippet">
        <pre data-testid="env-snippet">{clientConfig ? shown : 'Loading…'}</pre>
        <CopyButton text={text} className="snippet-copy" />
      </div>
      <p className="hint">{tab.hint}</p>
      {clientConfig && (
        <ConfigFilePanel
          testId="claude-settings"
          heading="…or save them in Claude Code's settings"
          hint={
            <>
              Adds them to the <code>env</code> block of Claude Code's <code>settings.json</code>, so every <code>claude</code> uses Thalamus. Your other settings stay
              as they are, and the old file is backed up first.
            </>
          }
          fileName="settings.json"
          actions={{ preview: () => api.previewClaudeSettings(), apply: () => api.applyClaudeSettings(), undo: () => api.undoClaudeSettings() }}
          clientKey={clientConfig.clientKey}
          showKey={showKey}
        />
      )}
    </Card>
  );
}
