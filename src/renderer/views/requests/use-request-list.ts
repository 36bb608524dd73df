// The request log, polled: a request shows up a moment after it ends.
import { useEffect, useState } from 'react';
import type { RequestList } from '../../../shared/request-record';
import { api } from '../../api';

const POLL_MS = 2000;

export function useRequestList(): { list?: RequestList; error?: string } {
  const [state, setState] = useState<{ list?: RequestList; error?: string }>({});
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const list = await api.listRequests();
        if (!stopped) setState({ list });
      } catch (error) {
        if (!stopped) setState((current) => ({ ...current, error: (error as Error).message }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return state;
}
