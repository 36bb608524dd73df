// Clients: how each coding tool is pointed at the gateway (one card per client).
import type { Settings } from '../../../shared/thalamus-api';
import { ClaudeCodeCard } from './ClaudeCodeCard';
import { CodexCard } from './CodexCard';

interface Props {
  clientConfig?: { baseUrl: string; clientKey: string };
  settings?: Settings;
}

export function ClientsView({ clientConfig, settings }: Props) {
  return (
    <div className="grid">
      <ClaudeCodeCard clientConfig={clientConfig} settings={settings} />
      <CodexCard clientConfig={clientConfig} />
    </div>
  );
}
