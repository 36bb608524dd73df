// The login module: browser, API-key, pasted-token and imported logins; tokens kept in a
// SecretStore, renewed before they expire and once when Cursor says `unauthenticated`; a
// refused renewal leaves a visible needs-login state instead of a crash or a loop.
import { decodeJwtClaims, stripTokenPrefix } from '../cursor/jwt.js';
import { Http2Transport } from '../cursor/transport.js';
import { UpstreamError } from '../events.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { rememberSecret } from '../log/redact.js';
import {
  type AccountSettings,
  type LoginMethod,
  clearAccountSettings,
  readAccountSettings,
  writeAccountSettings,
} from './account-settings.js';
import { http2AuthHttp, type AuthHttp } from './auth-http.js';
import type { AccountStatus, AuthService, BrowserLogin, StorageBackend } from './auth-service.js';
import { BrowserLoginPoll, CURSOR_POLL_SCHEDULE, type PollSchedule } from './browser-login.js';
import { type Clock, systemClock } from './clock.js';
import { AuthApiError, CursorAuthApi, type CursorTokens } from './cursor-auth-api.js';
import type { ImportedLogin, ImportSource } from './login-import.js';
import type { BrowserOpener } from './open-browser.js';
import { createLoginChallenge, isUuidV4, loginPageUrl } from './pkce.js';
import type { SecretStorage } from './secret-storage.js';
import { SECRET_ACCOUNTS, type SecretStore } from './secret-store.js';

export const DEFAULT_LOGIN_BASE_URL = 'https://cursor.com';
/** Renew when the access token expires in less than this (reference §6.4: 300 s). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** A caller that saw `unauthenticated` this soon after a renewal most likely sent the old token. */
const RECENT_REFRESH_MS = 10_000;
/** After a renewal that could not reach Cursor, a still-valid token is used this long before trying again. */
const REFRESH_RETRY_MS = 30_000;

export interface CursorAuthServiceOptions {
  configDir: string;
  /** Cursor's API base (THALAMUS_CURSOR_BASE_URL): /auth/poll, /auth/exchange_user_api_key, /auth/refresh. */
  apiBaseUrl: string;
  /** The login page host (default https://cursor.com). */
  loginBaseUrl?: string;
  storage: SecretStorage;
  /** THALAMUS_CURSOR_TOKEN: overrides everything, never stored, never renewed. */
  envToken?: string;
  /** Default: HTTP/2 over its own transport (h2c for http:// bases). */
  http?: AuthHttp;
  /** Trust anchors for the default HTTP client (tests against a TLS fake). */
  ca?: string;
  clock?: Clock;
  logger?: Logger;
  /** Default opener for browser logins (the CLI passes the system one; the app its shell). */
  openBrowser?: BrowserOpener;
  importSources?: ImportSource[];
  pollSchedule?: PollSchedule;
  refreshMarginMs?: number;
}

interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  /** Kept for API-key logins, which renew by exchanging the key again. */
  apiKey?: string;
}

const BACKEND_LABELS: Record<Exclude<StorageBackend, 'env'>, string> = {
  keychain: 'OS keychain',
  'safe-storage-file': "app's encrypted file",
  file: '0600 file',
};

export class CursorAuthService implements AuthService {
  private settings: AccountSettings | undefined;
  private tokens: StoredTokens | undefined;
  private expiresAtMs: number | undefined;
  private loading: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private lastRefreshAt = -Infinity;
  private refreshRetryAt = -Infinity;
  private activeLogin: BrowserLoginPoll | undefined;
  private readonly listeners = new Set<(status: AccountStatus) => void>();
  private readonly api: CursorAuthApi;
  private readonly transport: Http2Transport | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;

  /** Reads the saved account settings; tokens are read from the store when first needed. */
  static async create(options: CursorAuthServiceOptions): Promise<CursorAuthService> {
    const service = new CursorAuthService(options);
    service.settings = await readAccountSettings(options.configDir);
    return service;
  }

  private constructor(private readonly options: CursorAuthServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    let http = options.http;
    if (!http) {
      this.transport = new Http2Transport({ ca: options.ca, logger: this.logger });
      http = http2AuthHttp(this.transport);
    }
    this.api = new CursorAuthApi(http, options.apiBaseUrl);
  }

  // ── status ────────────────────────────────────────────────────────────────

  account(): AccountStatus {
    const { envToken } = this.options;
    if (envToken) {
      const claims = decodeJwtClaims(envToken);
      const expiresAt = claims?.exp === undefined ? undefined : new Date(claims.exp * 1000);
      const loggedIn = expiresAt === undefined || expiresAt.getTime() > this.clock.now();
      return { loggedIn, expiresAt, email: claims?.email, storage: 'env', method: 'token', needsLogin: !loggedIn };
    }
    const settings = this.settings;
    const storage = settings?.storage ?? this.options.storage.preferred.backend;
    return {
      loggedIn: settings !== undefined && !settings.needsLogin,
      needsLogin: settings?.needsLogin === true,
      email: settings?.email,
      expiresAt: settings?.expiresAt ? new Date(settings.expiresAt) : undefined,
      method: settings?.method,
      storage,
      storageWarning: this.storageWarning(storage),
    };
  }

  status(): AccountStatus {
    return this.account();
  }

  /** Why the user should know about where the tokens are, if they should. */
  private storageWarning(backend: Exclude<StorageBackend, 'env'>): string | undefined {
    const { preferred, stores, warning } = this.options.storage;
    if (!stores.has(backend)) return `The ${BACKEND_LABELS[backend]} that holds the Cursor login is not available now.`;
    if (backend === preferred.backend) return warning;
    if (backend === 'file') return `Cursor tokens are kept unencrypted in a 0600 file; log in again to move them to the ${BACKEND_LABELS[preferred.backend]}.`;
    return undefined;
  }

  onChange(listener: (status: AccountStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitChange(): void {
    const status = this.account();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.logger.warn('account listener failed', { detail: (error as Error).message });
      }
    }
  }

  // ── tokens for the engine ─────────────────────────────────────────────────

  async getAccessToken(): Promise<string> {
    if (this.options.envToken) return this.options.envToken;
    const tokens = await this.currentTokens();
    const margin = this.options.refreshMarginMs ?? REFRESH_MARGIN_MS;
    if (!this.expiresWithin(margin)) return tokens.accessToken;
    const expired = this.expiresWithin(0);
    // Cursor was unreachable a moment ago: a token that still works is used until the retry time.
    if (!expired && this.clock.now() < this.refreshRetryAt) return tokens.accessToken;
    try {
      await this.refresh();
    } catch (error) {
      if (this.settings?.needsLogin) throw this.needsLoginError();
      if (!expired && this.tokens) return this.tokens.accessToken;
      throw new UpstreamError('overloaded', `Could not renew the Cursor login: ${describe(error)}. Retrying with the next request.`);
    }
    return (await this.currentTokens()).accessToken;
  }

  async refreshAfterUnauthenticated(): Promise<boolean> {
    if (this.options.envToken) return false;
    if (this.refreshing) return this.refreshing.then(() => true, () => false);
    try {
      await this.currentTokens();
    } catch {
      return false;
    }
    // Concurrent callers that all sent the old token share the renewal that just finished.
    if (this.clock.now() - this.lastRefreshAt < RECENT_REFRESH_MS) return true;
    return this.refresh().then(() => true, () => false);
  }

  /** The loaded tokens; rejects with `unauthenticated` when logged out or the login needs renewing. */
  private async currentTokens(): Promise<StoredTokens> {
    if (!this.tokens || this.settings?.needsLogin) await this.load();
    if (this.settings?.needsLogin) throw this.needsLoginError();
    if (!this.tokens) throw new UpstreamError('unauthenticated', 'Not logged in to Cursor: run `thalamus login` (or set THALAMUS_CURSOR_TOKEN).');
    return this.tokens;
  }

  private load(): Promise<void> {
    this.loading ??= this.loadSaved().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Re-reads the settings (another process may have logged in or out since) and their tokens. */
  private async loadSaved(): Promise<void> {
    const settings = await readAccountSettings(this.options.configDir);
    this.settings = settings;
    this.setTokens(undefined);
    if (!settings || settings.needsLogin) return;
    const store = this.options.storage.stores.get(settings.storage);
    const label = BACKEND_LABELS[settings.storage];
    if (!store) throw new UpstreamError('unauthenticated', `Log in again: the ${label} that holds the Cursor login is not available.`);
    let saved: Partial<StoredTokens>;
    try {
      const [accessToken, refreshToken, apiKey] = await Promise.all([
        store.get(SECRET_ACCOUNTS.accessToken),
        store.get(SECRET_ACCOUNTS.refreshToken),
        store.get(SECRET_ACCOUNTS.apiKey),
      ]);
      saved = { accessToken, refreshToken, apiKey };
    } catch (error) {
      throw new UpstreamError('unauthenticated', `The Cursor login could not be read from the ${label}: ${describe(error)}`);
    }
    if (!saved.accessToken) {
      await this.markNeedsLogin(`the saved Cursor login is missing from the ${label}`);
      return;
    }
    this.setTokens({ accessToken: saved.accessToken, refreshToken: saved.refreshToken, apiKey: saved.apiKey });
  }

  private setTokens(tokens: StoredTokens | undefined): void {
    this.tokens = tokens;
    // Kept out of every log, capture and report from now on (log/redact.ts).
    for (const secret of [tokens?.accessToken, tokens?.refreshToken, tokens?.apiKey]) rememberSecret(secret);
    const exp = tokens && decodeJwtClaims(tokens.accessToken)?.exp;
    this.expiresAtMs = exp === undefined ? undefined : exp * 1000;
  }

  private expiresWithin(ms: number): boolean {
    return this.expiresAtMs !== undefined && this.expiresAtMs - this.clock.now() < ms;
  }

  /** One renewal at a time: every concurrent caller waits for the same one. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.renew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async renew(): Promise<void> {
    const tokens = this.tokens;
    const settings = this.settings;
    if (!tokens || !settings) throw new UpstreamError('unauthenticated', 'Not logged in to Cursor.');
    let fresh: CursorTokens;
    try {
      // Variant: reference §6.2 — an API-key login renews by exchanging the key again, as
      // Cursor's CLI does; any other login uses its refresh token (§6.3, REFRESH_ENDPOINTS).
      // A pasted token is its own refresh token (§6.2, --auth-token).
      fresh = tokens.apiKey ? await this.api.exchangeApiKey(tokens.apiKey) : await this.api.refresh(tokens.refreshToken ?? tokens.accessToken);
    } catch (error) {
      if (await this.replacedElsewhere(settings)) return;
      if (error instanceof AuthApiError && error.rejected) {
        await this.markNeedsLogin(`Cursor refused to renew the login (${error.message})`);
      } else {
        this.refreshRetryAt = this.clock.now() + REFRESH_RETRY_MS;
        this.logger.warn('cursor login renewal failed, will retry', { detail: describe(error) });
      }
      throw error;
    }
    // Logged out, or in anew, while this renewal ran: its result belongs to nobody.
    if (this.tokens !== tokens || (await this.replacedElsewhere(settings))) return;
    await this.persist(
      { ...tokens, accessToken: stripTokenPrefix(fresh.accessToken), refreshToken: fresh.refreshToken ?? tokens.refreshToken },
      settings.method,
      settings.storage,
      settings.email,
    );
    this.lastRefreshAt = this.clock.now();
    this.logger.info('cursor login renewed', { method: settings.method, expiresAt: this.settings?.expiresAt });
  }

  /** Another process (`thalamus login`, logout) replaced the login: load that one, never write over it. */
  private async replacedElsewhere(settings: AccountSettings): Promise<boolean> {
    if ((await readAccountSettings(this.options.configDir))?.savedAt === settings.savedAt) return false;
    await this.load();
    return true;
  }

  private async markNeedsLogin(reason: string): Promise<void> {
    if (!this.settings) return;
    this.settings = { ...this.settings, needsLogin: true, needsLoginReason: reason };
    this.setTokens(undefined);
    this.logger.warn('cursor login needs the user to log in again', { reason });
    await writeAccountSettings(this.options.configDir, this.settings).catch((error: unknown) =>
      this.logger.warn('could not save the account settings', { detail: describe(error) }),
    );
    this.emitChange();
  }

  private needsLoginError(): UpstreamError {
    const reason = this.settings?.needsLoginReason ?? 'the Cursor login expired';
    return new UpstreamError('unauthenticated', `Log in again: ${reason}. Run \`thalamus login\` or log in from the Thalamus app.`);
  }

  // ── logging in and out ────────────────────────────────────────────────────

  startBrowserLogin(options: { openBrowser?: BrowserOpener } = {}): BrowserLogin {
    this.activeLogin?.cancel();
    const challenge = createLoginChallenge();
    const url = loginPageUrl(this.options.loginBaseUrl ?? DEFAULT_LOGIN_BASE_URL, challenge);
    const poll = new BrowserLoginPoll({
      api: this.api,
      challenge,
      clock: this.clock,
      schedule: this.options.pollSchedule ?? CURSOR_POLL_SCHEDULE,
      logger: this.logger,
    });
    this.activeLogin = poll;
    const done = poll
      .run()
      .then((tokens) => this.saveLogin(tokens, 'browser'))
      .finally(() => {
        if (this.activeLogin === poll) this.activeLogin = undefined;
      });
    // Whoever started it (a deep link, a button) may not wait for the outcome: never an unhandled rejection.
    done.catch(() => {});
    this.logger.info('cursor browser login started', { uuid: challenge.uuid });
    const open = options.openBrowser ?? this.options.openBrowser;
    try {
      open?.(url);
    } catch (error) {
      this.logger.warn('could not open the browser; the login URL is shown instead', { detail: describe(error) });
    }
    return { url, done, cancel: () => poll.cancel() };
  }

  pollNow(uuid: string): void {
    if (!isUuidV4(uuid)) {
      this.logger.warn('ignored a login callback with a malformed uuid');
      return;
    }
    if (this.activeLogin?.uuid.toLowerCase() !== uuid.toLowerCase()) {
      this.logger.info('ignored a login callback for a login that is not in progress', { uuid });
      return;
    }
    this.activeLogin.pollNow();
  }

  async loginWithApiKey(apiKey: string): Promise<AccountStatus> {
    const key = apiKey.trim();
    if (!key) throw new Error('The Cursor API key is empty.');
    rememberSecret(key);
    const tokens = await this.api.exchangeApiKey(key).catch((error: unknown) => {
      throw new Error(
        error instanceof AuthApiError && error.rejected
          ? `Cursor did not accept the API key (${error.message}).`
          : `Could not check the API key with Cursor: ${describe(error)}`,
      );
    });
    return this.saveLogin({ ...tokens, apiKey: key }, 'api-key');
  }

  async loginWithToken(token: string): Promise<AccountStatus> {
    const bare = stripTokenPrefix(token);
    if (!bare) throw new Error('The Cursor token is empty.');
    if (this.isExpired(bare)) throw new Error('That Cursor token has already expired: log in with the browser or an API key instead.');
    // As Cursor's CLI does with --auth-token (reference §6.2): the token is its own refresh token.
    return this.saveLogin({ accessToken: bare, refreshToken: bare }, 'token');
  }

  async importExisting(): Promise<AccountStatus> {
    const notes: string[] = [];
    for (const source of this.options.importSources ?? []) {
      let found: ImportedLogin | undefined;
      try {
        found = await source.read();
        if (found) return await this.adopt(found, source.method);
        notes.push(`${source.description}: not found`);
      } catch (error) {
        notes.push(`${source.description}: ${describe(error)}`);
      }
    }
    throw new Error(`No Cursor login could be imported.\n  ${notes.join('\n  ')}`);
  }

  private async adopt(found: ImportedLogin, method: LoginMethod): Promise<AccountStatus> {
    if (found.accessToken) {
      const accessToken = stripTokenPrefix(found.accessToken);
      if (this.isExpired(accessToken) && !found.refreshToken && !found.apiKey) {
        throw new Error('its access token has expired and it has no refresh token');
      }
      return this.saveLogin({ accessToken, refreshToken: found.refreshToken, apiKey: found.apiKey }, method, found.email);
    }
    // Only an API key (cursor-agent logged in with --api-key): exchange it now.
    const apiKey = found.apiKey as string;
    const tokens = await this.api.exchangeApiKey(apiKey);
    return this.saveLogin({ ...tokens, apiKey }, method, found.email);
  }

  async logout(): Promise<void> {
    this.activeLogin?.cancel();
    this.setTokens(undefined);
    this.settings = undefined;
    await this.erase([...this.options.storage.stores.values()]);
    await clearAccountSettings(this.options.configDir);
    this.lastRefreshAt = -Infinity;
    this.refreshRetryAt = -Infinity;
    this.logger.info('logged out of Cursor');
    this.emitChange();
  }

  /** A new login replaces any other, wherever that one was kept. */
  private async saveLogin(tokens: StoredTokens, method: LoginMethod, email?: string): Promise<AccountStatus> {
    const store = this.options.storage.preferred;
    await this.erase([...this.options.storage.stores.values()].filter((other) => other !== store));
    await this.persist({ ...tokens, accessToken: stripTokenPrefix(tokens.accessToken) }, method, store.backend, email);
    this.lastRefreshAt = -Infinity;
    this.refreshRetryAt = -Infinity;
    this.logger.info('logged in to Cursor', { method, storage: store.backend });
    return this.account();
  }

  private async persist(tokens: StoredTokens, method: LoginMethod, backend: Exclude<StorageBackend, 'env'>, email?: string): Promise<void> {
    const store = this.options.storage.stores.get(backend);
    if (!store) throw new Error(`The ${BACKEND_LABELS[backend]} is not available.`);
    this.setTokens(tokens);
    await store.set(SECRET_ACCOUNTS.accessToken, tokens.accessToken);
    await putOrDelete(store, SECRET_ACCOUNTS.refreshToken, tokens.refreshToken);
    await putOrDelete(store, SECRET_ACCOUNTS.apiKey, tokens.apiKey);
    const claims = decodeJwtClaims(tokens.accessToken);
    this.settings = {
      method,
      storage: backend,
      email: claims?.email ?? email,
      expiresAt: this.expiresAtMs === undefined ? undefined : new Date(this.expiresAtMs).toISOString(),
      savedAt: new Date(this.clock.now()).toISOString(),
    };
    await writeAccountSettings(this.options.configDir, this.settings);
    this.emitChange();
  }

  private async erase(stores: SecretStore[]): Promise<void> {
    for (const store of stores) {
      for (const account of Object.values(SECRET_ACCOUNTS)) {
        await store.delete(account).catch((error: unknown) =>
          this.logger.warn('could not erase a saved secret', { backend: store.backend, account, detail: describe(error) }),
        );
      }
    }
  }

  private isExpired(token: string): boolean {
    const exp = decodeJwtClaims(token)?.exp;
    return exp !== undefined && exp * 1000 <= this.clock.now();
  }

  /** Cancels a login in progress and closes the auth HTTP connection. */
  async close(): Promise<void> {
    this.activeLogin?.cancel();
    await this.transport?.close();
  }
}

async function putOrDelete(store: SecretStore, account: string, value: string | undefined): Promise<void> {
  if (value) await store.set(account, value);
  else await store.delete(account);
}

/** An error's message for the user; auth errors never carry a credential. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
