// Where the Cursor client gets its access token. The login module (src/proxy/auth) fills this
// with browser login, API keys and the keychain; for now a token comes from the environment.

export interface TokenStatus {
  loggedIn: boolean;
  /** Access-token expiry (JWT `exp`), when known. */
  expiresAt?: Date;
  /** Account email, when known. */
  email?: string;
}

export interface TokenProvider {
  /** A bearer token valid for the next call. Rejects with an UpstreamError('unauthenticated') when logged out. */
  getAccessToken(): Promise<string>;
  /**
   * Cursor said `unauthenticated`: refresh once if possible. Resolves true when a new token is
   * available and the call is worth retrying.
   */
  refreshAfterUnauthenticated(): Promise<boolean>;
  status(): TokenStatus;
}
