// The fallback chains setting: which Cursor models stand in when a model cannot answer.
import { useState } from 'react';
import type { Settings } from '../../../shared/thalamus-api';
import { api } from '../../api';
import { Card, Note } from '../../components/Card';

interface Props {
  settings?: Settings;
  onSettings: (settings: Settings) => void;
}

export function FallbackCard({ settings, onSettings }: Props) {
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = async (fallback: string) => {
    setError(undefined);
    setSaved(false);
    try {
      onSettings(await api.updateSettings({ fallback }));
      setSaved(true);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <Card id="fallback" title="Fallback" aside={saved ? <span className="saved" role="status">Saved ✓</span> : undefined}>
      {!settings ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="field">
          <label htmlFor="fallback-chains">Fallback chains</label>
          <input
            id="fallback-chains"
            type="text"
            spellCheck={false}
            placeholder="gpt-5.1>composer-1>default;claude-4.5-sonnet>default"
            defaultValue={settings.fallback}
            onBlur={(event) => {
              const value = event.target.value.trim();
              if (value !== settings.fallback) void save(value);
            }}
          />
          <p className="hint">
            When the first model of a chain cannot answer before its first word (pool used up, not in your plan, Cursor
            overloaded after retries, no answer in time), the next one answers, under its own name. Models without a chain
            are never switched. THALAMUS_FALLBACK, when set, wins.
          </p>
        </div>
      )}
      {error && <Note tone="error">{error}</Note>}
    </Card>
  );
}
