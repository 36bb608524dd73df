// The usage limits: a daily request cap and a stop for named models at a share of the API pool.
// A limit set in the environment wins and is shown as such (read-only here).
import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/thalamus-api';
import type { LimitsView } from '../../../shared/usage';
import { api } from '../../api';
import { Card, Note } from '../../components/Card';

interface Props {
  settings?: Settings;
  onSettings: (settings: Settings) => void;
}

type LimitKey = 'dailyRequestLimit' | 'apiPoolStopPercent';
const ENV: Record<LimitKey, string> = { dailyRequestLimit: 'THALAMUS_DAILY_REQUEST_LIMIT', apiPoolStopPercent: 'THALAMUS_API_POOL_STOP_PERCENT' };

export function LimitsCard({ settings, onSettings }: Props) {
  const [limits, setLimits] = useState<LimitsView>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.getUsage().then((usage) => setLimits(usage.limits), () => undefined);
  }, [settings]);

  const save = async (key: LimitKey, text: string) => {
    setError(undefined);
    setSaved(false);
    try {
      onSettings(await api.updateSettings({ [key]: text === '' ? null : Number(text) }));
      setSaved(true);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const field = (key: LimitKey, label: string, hint: string, max?: number) => {
    const fromEnv = limits?.[key].source === 'env';
    const value = fromEnv ? limits?.[key].value : settings?.[key];
    return (
      <div className="field">
        <label htmlFor={`limit-${key}`}>{label}</label>
        <input
          id={`limit-${key}`}
          type="number"
          min={1}
          max={max}
          step={1}
          placeholder="no limit"
          disabled={fromEnv}
          key={`${key}-${value ?? ''}-${fromEnv}`}
          defaultValue={value ?? ''}
          onBlur={(event) => {
            const text = event.target.value.trim();
            if (text !== String(settings?.[key] ?? '')) void save(key, text);
          }}
        />
        <p className="hint">{fromEnv ? `Set by ${ENV[key]}; change it there.` : `${hint} Empty: no limit. ${ENV[key]} overrides it.`}</p>
      </div>
    );
  };

  return (
    <Card id="limits" title="Limits" aside={saved ? <span className="saved" role="status">Saved ✓</span> : undefined}>
      {!settings ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          {field('dailyRequestLimit', 'Requests per day', 'Past it, clients get a 429 until local midnight.')}
          {field('apiPoolStopPercent', 'Stop named models at API pool %', 'Claude, GPT and other named models stop at this share of the API pool; Auto and Composer go on.', 100)}
        </>
      )}
      {error && <Note tone="error">{error}</Note>}
    </Card>
  );
}
