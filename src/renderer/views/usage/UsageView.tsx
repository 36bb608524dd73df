// Usage: Cursor's plan meters and what went through Thalamus. Polled while the view is shown
// (the gateway caches Cursor's answer, so this costs Cursor at most one ask a minute).
import { useCallback, useEffect, useState } from 'react';
import type { UsageView as Usage } from '../../../shared/usage';
import { api } from '../../api';
import { Note } from '../../components/Card';
import { LocalChartCard } from './LocalChartCard';
import { PoolsCard } from './PoolsCard';

const POLL_MS = 30_000;

export function UsageView({ active }: { active: boolean }) {
  const [usage, setUsage] = useState<Usage>();
  const [error, setError] = useState<string>();
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(async (refresh = false) => {
    try {
      setUsage(await api.getUsage(refresh));
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    }
    setNow(new Date());
  }, []);

  useEffect(() => {
    if (!active) return;
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, load]);

  const refresh = async () => {
    setRefreshing(true);
    await load(true);
    setRefreshing(false);
  };

  return (
    <div className="grid">
      {error && <Note tone="error">{error}</Note>}
      <PoolsCard usage={usage} now={now} onRefresh={() => void refresh()} refreshing={refreshing} />
      {usage && <LocalChartCard days={usage.local.days} today={usage.local.today} />}
    </div>
  );
}
