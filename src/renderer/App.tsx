import { useCallback, useEffect, useState } from 'react';
import type { ModelView, Settings } from '../shared/thalamus-api';
import { api, MissingKeyError, setClientKey } from './api';
import { AccountCard } from './components/AccountCard';
import { ChatCard } from './components/ChatCard';
import { ClaudeCodeCard } from './components/ClaudeCodeCard';
import { GatewayCard } from './components/GatewayCard';
import { KeyScreen } from './components/KeyScreen';
import { ModelsCard } from './components/ModelsCard';
import { useStatus } from './lib/use-status';

interface Loaded {
  models?: ModelView[];
  modelsError?: string;
  settings?: Settings;
  clientConfig?: { baseUrl: string; clientKey: string };
}

export function App() {
  const { status, error, refresh } = useStatus();
  const [loaded, setLoaded] = useState<Loaded>({});

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
  return (
    <div className="page">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◉
          </span>
          <div>
            <h1>Thalamus</h1>
            <p className="tagline">Claude Code on your Cursor subscription</p>
          </div>
        </div>
      </header>
      <main className="grid">
        <GatewayCard status={status} unreachable={error?.message} />
        <AccountCard status={status} onChange={refresh} />
        <ModelsCard
          models={loaded.models}
          modelsError={loaded.modelsError}
          settings={settings}
          onSettings={(next) => setLoaded((current) => ({ ...current, settings: next }))}
        />
        <ChatCard model={chatModel} models={loaded.models} onFinished={() => void refresh()} />
        <ClaudeCodeCard clientConfig={loaded.clientConfig} settings={settings} />
      </main>
    </div>
  );
}
