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
    const expiresAt = this.expiresAt();
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new UpstreamError(
        'unauthenticated',
        `The Cursor token in THALAMUS_CURSOR_TOKEN expired at ${expiresAt.toISOString()}: log in again (\`thalamus login\`) or set a fresh token.`,
      );
    }
    return this.token;
  }

  private expiresAt(): Date | undefined {
    const exp = this.token ? decodeJwtClaims(this.token)?.exp : undefined;
    return exp === undefined ? undefined : new Date(exp * 1000);
  }

  /** A token from the environment cannot be refreshed. */
  async refreshAfterUnauthenticated(): Promise<boolean> {
    return false;
  }

  status(): TokenStatus & { needsLogin: boolean } {
    if (!this.token) return { loggedIn: false, needsLogin: false };
    const claims = decodeJwtClaims(this.token);
    const expiresAt = this.expiresAt();
    const loggedIn = expiresAt === undefined || expiresAt.getTime() > Date.now();
    return {
      loggedIn,
      // A token that was given but expired: the user means Cursor and must log in again.
      needsLogin: !loggedIn,
      expiresAt,
      email: claims?.email,
    };
  }
}
