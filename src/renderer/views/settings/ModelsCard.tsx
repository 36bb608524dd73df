import { useEffect, useState } from 'react';
import type { ModelView, Settings } from '../../../shared/thalamus-api';
import { api, runtime } from '../../api';
import { Card, Note } from '../../components/Card';

interface Props {
  models?: ModelView[];
  modelsError?: string;
  settings?: Settings;
  onSettings: (settings: Settings) => void;
}

/** No model set: Claude Code's own ids go through Thalamus's model map. */
const AUTOMATIC = "Claude Code's choice, mapped";

/** Claude Code's own aliases, each a slot in its environment (claude-code.md §9). */
const ALIAS_SLOTS = [
  { key: 'opusModel', alias: 'opus', variable: 'ANTHROPIC_DEFAULT_OPUS_MODEL' },
  { key: 'sonnetModel', alias: 'sonnet', variable: 'ANTHROPIC_DEFAULT_SONNET_MODEL' },
  { key: 'haikuModel', alias: 'haiku', variable: 'ANTHROPIC_DEFAULT_HAIKU_MODEL' },
] as const;

/** Keeps a saved id selectable even when Cursor's list no longer has it (or did not load). */
function optionsFor(models: ModelView[], current: string): ModelView[] {
  return current && !models.some((model) => model.id === current) ? [...models, { id: current, displayName: current }] : models;
}

function ModelSelect({ id, label, help, value, models, automatic, onPick }: { id: string; label: string; help: string; value: string; models: ModelView[]; automatic: string; onPick: (id: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onPick(event.target.value)}>
        <option value="">{automatic}</option>
        {optionsFor(models, value).map((model) => (
          <option key={model.id} value={model.id}>
            {model.displayName}
          </option>
        ))}
      </select>
      <p className="hint">{help}</p>
    </div>
  );
}

export function ModelsCard({ models, modelsError, settings, onSettings }: Props) {
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!saved) return;
    const timer = window.setTimeout(() => setSaved(false), 2000);
    return () => window.clearTimeout(timer);
  }, [saved]);
  const save = async (patch: Partial<Settings>) => {
    setError(undefined);
    setSaved(false);
    try {
      onSettings(await api.updateSettings(patch));
      setSaved(true);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <Card id="models" title="Models" aside={saved ? <span className="saved" role="status">Saved ✓</span> : undefined}>
      {modelsError && <Note tone="error" title="Could not load Cursor's models:">{modelsError}</Note>}
      {!settings ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <ModelSelect
            id="default-model"
            label="Main model"
            help="Claude Code's ANTHROPIC_MODEL, and the test chat's model."
            value={settings.defaultModel}
            models={models ?? []}
            automatic={AUTOMATIC}
            onPick={(id) => void save({ defaultModel: id })}
          />
          <ModelSelect
            id="small-fast-model"
            label="Small, fast model"
            help="ANTHROPIC_SMALL_FAST_MODEL: titles, summaries and other quick jobs."
            value={settings.smallFastModel}
            models={models ?? []}
            automatic={AUTOMATIC}
            onPick={(id) => void save({ smallFastModel: id })}
          />
          {ALIAS_SLOTS.map(({ key, alias, variable }) => (
            <ModelSelect
              key={key}
              id={`${alias}-model`}
              label={`The “${alias}” alias`}
              help={`${variable}: what the ${alias} alias in /model and sub-agents runs on.`}
              value={settings[key]}
              models={models ?? []}
              automatic={AUTOMATIC}
              onPick={(id) => void save({ [key]: id })}
            />
          ))}
          {runtime === 'desktop' && (
            <>
              <div className="field">
                <label htmlFor="port">Port</label>
                <input
                  id="port"
                  type="number"
                  min={1}
                  max={65535}
                  defaultValue={settings.port}
                  onBlur={(event) => {
                    const port = Number(event.target.value);
                    if (port !== settings.port) void save({ port });
                  }}
                />
                <p className="hint">Takes effect when Thalamus restarts.</p>
              </div>
              <label className="checkbox">
                <input type="checkbox" checked={settings.openAtLogin} onChange={(event) => void save({ openAtLogin: event.target.checked })} />
                Start Thalamus when I log in
              </label>
            </>
          )}
        </>
      )}
      {error && <Note tone="error">{error}</Note>}
    </Card>
  );
}
