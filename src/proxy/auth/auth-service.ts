// The contract of the login module: what the headless CLI, the gateway and the desktop app's
// main process use to log in, out, and get tokens. src/proxy/auth/ implements it.
import type { TokenProvider, TokenStatus } from './token-provider.js';

/** Where the tokens live. `env`: THALAMUS_CURSOR_TOKEN, never stored. */
export type StorageBackend = 'keychain' | 'safe-storage-file' | 'file' | 'env';

export interface AccountStatus extends TokenStatus {
  storage?: StorageBackend;
  /** A warning to show the user, e.g. "no keychain: tokens are in a 0600 file". */
  storageWarning?: string;
  /** A refresh failed: the user must log in again. */
  needsLogin: boolean;
  /** How the current login was made. */
  method?: 'browser' | 'api-key' | 'token' | 'import-cursor-agent' | 'import-cursor-ide';
}

export interface BrowserLogin {
  /** The loginDeepControl URL: opened in the browser, and shown for headless use. */
  url: string;
  /** Settles when tokens arrive, the login is cancelled, or it times out. */
  done: Promise<AccountStatus>;
  cancel(): void;
}

export interface AuthService extends TokenProvider {
  account(): AccountStatus;
  /** Starts the PKCE browser login and its polling. One at a time: a new one cancels the old. */
  startBrowserLogin(options?: { openBrowser?: (url: string) => void }): BrowserLogin;
  /** Deep-link callback (`thalamus://login/callback?uuid=…`): poll that login right away. */
  pollNow(uuid: string): void;
  loginWithApiKey(apiKey: string): Promise<AccountStatus>;
  loginWithToken(token: string): Promise<AccountStatus>;
  /** Read-only import of an existing Cursor login (cursor-agent, then the Cursor IDE). */
  importExisting(): Promise<AccountStatus>;
  logout(): Promise<void>;
  onChange(listener: (status: AccountStatus) => void): () => void;
}
