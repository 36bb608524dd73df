// Codex: the config.toml provider block for the gateway, the key variable it reads, and a merge
// into the user's ~/.codex/config.toml.
import { useState } from 'react';
import { CODEX_KEY_VARIABLE, renderCodexConfig } from '../../../proxy/app/codex-provider';
import { api } from '../../api';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { ShowKeyToggle } from '../../components/ShowKeyToggle';
import { maskSecret } from '../../lib/mask';
import { ConfigFilePanel } from './ConfigFilePanel';

interface Props {
  clientConfig?: { baseUrl: string; clientKey: string };
}

export function CodexCard({ clientConfig }: Props) {
  const [showKey, setShowKey] = useState(false);
  const toml = clientConfig ? renderCodexConfig({ baseUrl: clientConfig.baseUrl }) : '';
  const exportLine = clientConfig ? `export ${CODEX_KEY_VARIABLE}='${clientConfig.clientKey}'` : '';
  const shownExport = showKey || !clientConfig ? exportLine : maskSecret(exportLine, clientConfig.clientKey);

  return (
    <Card
      id="codex"
      title="Use with Codex"
      className="card-wide"
      aside={<ShowKeyToggle checked={showKey} onChange={setShowKey} />}
    >
      <p className="hint">
        Codex speaks the OpenAI Responses API, which Thalamus serves at <code>/v1/responses</code>. This provider block points it at Thalamus: save it as{' '}
        <code>~/.codex/thalamus.config.toml</code> and run <code>codex -p thalamus</code> (your <code>config.toml</code> stays as it is)…
      </p>
      <div className="snippet">
        <pre data-testid="codex-config-snippet">{clientConfig ? toml : 'Loading…'}</pre>
        <CopyButton text={toml} className="snippet-copy" />
      </div>
      <p className="hint">…and Codex reads the key from this variable (in the shell you run <code>codex</code> from, or your shell profile):</p>
      <div className="snippet">
        <pre data-testid="codex-key-snippet">{clientConfig ? shownExport : 'Loading…'}</pre>
        <CopyButton text={exportLine} className="snippet-copy" />
      </div>
      {clientConfig && (
        <ConfigFilePanel
          testId="codex-config"
          heading="…or save the provider in Codex's config"
          hint={
            <>
              Sets <code>model</code>, <code>model_provider</code> and <code>[model_providers.thalamus]</code> in <code>config.toml</code>. Your other settings,
              profiles, providers and MCP servers stay; comments are not kept (the old file is backed up first).
            </>
          }
          fileName="config.toml"
          actions={{ preview: () => api.previewCodexConfig(), apply: () => api.applyCodexConfig(), undo: () => api.undoCodexConfig() }}
          clientKey={clientConfig.clientKey}
          showKey={showKey}
        />
      )}
    </Card>
  );
}
