// The engine process's TokenProvider: the token lives in memory only, handed over by the main
// process (which owns the keychain). When Cursor rejects it, the engine asks main for a new
// one and waits for the answer.
import type { TokenProvider, TokenStatus } from '../proxy/auth/token-provider.js';
import { rememberSecret } from '../proxy/log/redact.js';
import { decodeJwtClaims, stripTokenPrefix } from '../proxy/cursor/jwt.js';
import { UpstreamError } from '../proxy/events.js';

/** A refresh goes over the network in main; after this long the turn fails instead of hanging. */
export const DEFAULT_REFRESH_TIMEOUT_MS = 30_000;

export interface RelayedTokenProviderOptions {
  /** Tells main the token was rejected (`token-rejected`). */
  requestRefresh: () => void;
  refreshTimeoutMs?: number;
}

interface PendingRefresh {
  answer: Promise<boolean>;
  settle: (refreshed: boolean) => void;
  /** The rejected token: getting it back is no refresh. */
  rejected?: string;
}

export class RelayedTokenProvider implements TokenProvider {
  private token?: string;
  /** One refresh at a time: concurrent turns that all got `unauthenticated` share it. */
  private pending?: PendingRefresh;

  constructor(
    token: string | null,
    private readonly options: RelayedTokenProviderOptions,
  ) {
    this.token = token ? stripTokenPrefix(token) : undefined;
    rememberSecret(this.token);
  }

  /** A `token` message from main. */
  setToken(token: string | null): void {
    this.token = token ? stripTokenPrefix(token) : undefined;
    rememberSecret(this.token);
    this.pending?.settle(this.token !== undefined && this.token !== this.pending.rejected);
  }

  async getAccessToken(): Promise<string> {
    if (!this.token) throw new UpstreamError('unauthenticated', 'Not logged in to Cursor: log in from the Thalamus window.');
    return this.token;
  }

  refreshAfterUnauthenticated(): Promise<boolean> {
    if (this.pending) return this.pending.answer;
    let settle!: (refreshed: boolean) => void;
    const answer = new Promise<boolean>((resolve) => (settle = resolve));
    const pending: PendingRefresh = { answer, settle, rejected: this.token };
    const timer = setTimeout(() => pending.settle(false), this.options.refreshTimeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS);
    timer.unref();
    void answer.then(() => {
      clearTimeout(timer);
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
    this.options.requestRefresh();
    return answer;
  }

  status(): TokenStatus {
    if (!this.token) return { loggedIn: false };
    const claims = decodeJwtClaims(this.token);
    const expiresAt = claims?.exp === undefined ? undefined : new Date(claims.exp * 1000);
    return { loggedIn: true, expiresAt, email: claims?.email };
  }
}
