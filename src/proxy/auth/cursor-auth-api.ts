// Cursor's auth endpoints (reference §6.1–§6.3): the login poll, the API-key exchange and the
// refresh of a browser login. Errors never carry a credential or the poll's query string.
import type { AuthHttp, AuthHttpRequest } from './auth-http.js';

export interface CursorTokens {
  accessToken: string;
  /** Absent when the endpoint did not return one (keep the old one). */
  refreshToken?: string;
}

/**
 * Variant: reference §6.3 lists competing refresh endpoints. We try `/auth/exchange_user_api_key`
 * with the refresh token first (PI, ED: the newest working claim), then YK's `/auth/refresh`.
 */
export const REFRESH_ENDPOINTS = ['/auth/exchange_user_api_key', '/auth/refresh'] as const;

/** A failed auth call. `rejected`: Cursor answered and refused the credential (4xx). */
export class AuthApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AuthApiError';
  }

  /** Cursor refused (a 4xx other than 429); otherwise it was unreachable or failing. */
  get rejected(): boolean {
    return this.status !== undefined && this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}

export class CursorAuthApi {
  constructor(
    private readonly http: AuthHttp,
    private readonly apiBaseUrl: string,
  ) {}

  /** §6.1 step 3. Resolves undefined while the login is pending (404). */
  async poll(uuid: string, verifier: string): Promise<CursorTokens | undefined> {
    const url = new URL('/auth/poll', this.apiBaseUrl);
    url.search = new URLSearchParams({ uuid, verifier }).toString();
    const response = await this.send({ method: 'GET', url, headers: { 'content-type': 'application/json' } });
    if (response.status === 404) return undefined;
    return this.tokensFrom(response, '/auth/poll');
  }

  /** §6.2: an API key (or, for a refresh, a refresh token) for fresh tokens. */
  exchangeApiKey(credential: string): Promise<CursorTokens> {
    return this.postWithBearer('/auth/exchange_user_api_key', credential);
  }

  /** §6.3: each endpoint of REFRESH_ENDPOINTS in turn until one answers with tokens. */
  async refresh(refreshToken: string): Promise<CursorTokens> {
    const failures: AuthApiError[] = [];
    for (const path of REFRESH_ENDPOINTS) {
      try {
        return await this.postWithBearer(path, refreshToken);
      } catch (error) {
        if (!(error instanceof AuthApiError)) throw error;
        failures.push(error);
      }
    }
    // Refused only when every endpoint refused; one unreachable endpoint makes it worth a retry.
    const unreachable = failures.find((failure) => !failure.rejected);
    const summary = failures.map((failure) => failure.message).join('; ');
    throw new AuthApiError(summary, unreachable ? unreachable.status : failures.at(-1)?.status);
  }

  private async postWithBearer(path: string, credential: string): Promise<CursorTokens> {
    const url = new URL(path, this.apiBaseUrl);
    const response = await this.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: '{}',
    });
    return this.tokensFrom(response, path);
  }

  private async send(request: AuthHttpRequest): ReturnType<AuthHttp> {
    try {
      return await this.http(request);
    } catch (error) {
      throw new AuthApiError((error as Error).message);
    }
  }

  private tokensFrom(response: { status: number; body: string }, path: string): CursorTokens {
    if (response.status !== 200) throw new AuthApiError(`${path} answered HTTP ${response.status}`, response.status);
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      throw new AuthApiError(`${path} answered with malformed JSON`);
    }
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (typeof record.accessToken !== 'string' || record.accessToken === '') {
      throw new AuthApiError(`${path} answered without an access token`);
    }
    const refreshToken = typeof record.refreshToken === 'string' && record.refreshToken !== '' ? record.refreshToken : undefined;
    return { accessToken: record.accessToken, refreshToken };
  }
}
