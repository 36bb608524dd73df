// A TokenProvider for a token given in the environment (THALAMUS_CURSOR_TOKEN).
import type { TokenProvider, TokenStatus } from '../auth/token-provider.js';
import { UpstreamError } from '../events.js';
import { decodeJwtClaims, stripTokenPrefix } from './jwt.js';
import { rememberSecret } from '../log/redact.js';

export class EnvTokenProvider implements TokenProvider {
  private readonly token?: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const raw = env.THALAMUS_CURSOR_TOKEN?.trim();
    this.token = raw ? stripTokenPrefix(raw) : undefined;
    rememberSecret(raw);
    rememberSecret(this.token);
  }

  async getAccessToken(): Promise<string> {
    if (!this.token) {
      throw new UpstreamError('unauthenticated', 'No Cursor token: set THALAMUS_CURSOR_TOKEN or log in.');
    }
    return this.token;
  }

  /** A token from the environment cannot be refreshed. */
  async refreshAfterUnauthenticated(): Promise<boolean> {
    return false;
  }

  status(): TokenStatus {
    if (!this.token) return { loggedIn: false };
    const claims = decodeJwtClaims(this.token);
    const expiresAt = claims?.exp === undefined ? undefined : new Date(claims.exp * 1000);
    return {
      loggedIn: expiresAt === undefined || expiresAt.getTime() > Date.now(),
      expiresAt,
      email: claims?.email,
    };
  }
}
