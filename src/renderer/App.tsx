// The app: a sidebar of views (Overview, Usage, Requests, Clients, Settings) around what they share —
// the polled status, the model list, the settings and the client config.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ModelView, Settings } from '../shared/thalamus-api';
import { api, MissingKeyError, setClientKey } from './api';
import { KeyScreen } from './components/KeyScreen';
import { Sidebar, type NavEntry } from './layout/Sidebar';
import { useStatus } from './lib/use-status';
import { ClientsView } from './views/clients/ClientsView';
import { OverviewView } from './views/overview/OverviewView';
import { RequestsView } from './views/requests/RequestsView';
import { SettingsView } from './views/settings/SettingsView';
import { UsageView } from './views/usage/UsageView';

type ViewId = 'overview' | 'usage' | 'requests' | 'clients' | 'settings';

const VIEWS: ReadonlyArray<NavEntry<ViewId>> = [
  { id: 'overview', label: 'Overview', icon: '◎' },
  { id: 'usage', label: 'Usage', icon: '▤' },
  { id: 'requests', label: 'Requests', icon: '≡' },
  { id: 'clients', label: 'Clients', icon: '⌘' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
];

interface Loaded {
  models?: ModelView[];
  modelsError?: string;
  settings?: Settings;
  clientConfig?: { baseUrl: string; clientKey: string };
}

export function App() {
  const { status, error, refresh } = useStatus();
  const [loaded, setLoaded] = useState<Loaded>({});
  const [view, setView] = useState<ViewId>('overview');

  const load = useCallback(async () => {
    const [models, settings, clientConfig] = await Promise.allSettled([api.listModels(), api.getSettings(), api.getClientConfig()]);
    setLoaded({
      models: models.status === 'fulfilled' ? models.value : undefined,
      modelsError: models.status === 'rejected' ? (models.reason as Error).message : undefined,
      settings: settings.status === 'fulfilled' ? settings.value : undefined,
      clientConfig: clientConfig.status === 'fulfilled' ? clientConfig.value : undefined,
    });
  }, []);

  // Load once the gateway has answered; again after a login or logout changes what Cursor lists.
  const reachable = status !== undefined;
  const loggedIn = status?.account.loggedIn;
  useEffect(() => {
    if (reachable) void load();
  }, [reachable, loggedIn, load]);

  if (error instanceof MissingKeyError) {
    return (
      <KeyScreen
        problem={error.refused ? `The gateway did not accept the key: ${error.message}` : undefined}
        onKey={(key) => {
          setClientKey(key);
          void refresh();
        }}
      />
    );
  }

  const settings = loaded.settings;
  const chatModel = settings?.defaultModel || loaded.models?.[0]?.id || '';
  const onSettings = (next: Settings) => setLoaded((current) => ({ ...current, settings: next }));
  // Every view stays mounted (a chat in progress survives a look at Settings); only one shows.
  const views: Record<ViewId, ReactNode> = {
    overview: <OverviewView status={status} unreachable={error?.message} refresh={refresh} chatModel={chatModel} models={loaded.models} />,
    requests: <RequestsView />,
    clients: <ClientsView clientConfig={loaded.clientConfig} settings={settings} />,
    usage: <UsageView active={view === 'usage'} />,
    settings: <SettingsView models={loaded.models} modelsError={loaded.modelsError} settings={settings} onSettings={onSettings} />,
  };
  return (
    <div className="app">
      <Sidebar<ViewId> entries={VIEWS} active={view} onSelect={setView} />
      <main className="view">
        {VIEWS.map(({ id, label }) => (
          <section key={id} aria-label={label} hidden={id !== view} data-view={id}>
            {views[id]}
          </section>
        ))}
      </main>
    </div>
  );
}
