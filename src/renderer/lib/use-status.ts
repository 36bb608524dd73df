// The gateway's status, polled: every few seconds, every second while a login is pending.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusView } from '../../shared/thalamus-api';
import { api } from '../api';

const POLL_MS = 4000;
const POLL_LOGIN_MS = 1000;

export interface StatusState {
  status?: StatusView;
  error?: Error;
  refresh(): Promise<void>;
}

export function useStatus(): StatusState {
  const [status, setStatus] = useState<StatusView>();
  const [error, setError] = useState<Error>();
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    window.clearTimeout(timer.current);
    let next: StatusView | undefined;
    try {
      next = await api.getStatus();
      if (!alive.current) return;
      setStatus(next);
      setError(undefined);
    } catch (caught) {
      if (!alive.current) return;
      setError(caught as Error);
    }
    timer.current = window.setTimeout(() => void refresh(), next?.login.state === 'waiting' ? POLL_LOGIN_MS : POLL_MS);
  }, []);

  useEffect(() => {
    alive.current = true;
    void refresh();
    return () => {
      alive.current = false;
      window.clearTimeout(timer.current);
    };
  }, [refresh]);

  return { status, error, refresh };
}
