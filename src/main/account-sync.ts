// Keeps the engine in step with the Cursor login: nobody logged in → the demo backend;
// logged in → Cursor with the current token. A switch between the two needs a fresh engine
// (the gateway picks its upstream at start); a renewed token is just handed over.
import type { AccountStatus } from '../proxy/auth/auth-service.js';
import type { SupervisorSnapshot } from './engine-supervisor.js';

export type EngineAccountAction = 'none' | 'restart' | 'send-token';

/** The demo backend serves exactly when nobody is logged in. */
export function wantsDemo(account: Pick<AccountStatus, 'loggedIn'>): boolean {
  return !account.loggedIn;
}

export function engineActionForAccount(gateway: Pick<SupervisorSnapshot, 'state' | 'demo'>, account: AccountStatus): EngineAccountAction {
  // Any other state starts (or restarts) with a fresh payload anyway.
  if (gateway.state !== 'running') return 'none';
  if (gateway.demo !== wantsDemo(account)) return 'restart';
  return account.loggedIn ? 'send-token' : 'none';
}
