// Cursor's auth endpoints, faked (reference §6.1–§6.3, §9): the browser-login poll with PKCE
// check, the API-key exchange and both refresh endpoints. Tokens are unsigned JWT-shaped
// strings with `exp`/`sub`/`email`; revoked or expired ones are refused by Run and the unary RPCs.
import { createHash, randomBytes } from 'node:crypto';
import type { ServerHttp2Stream } from 'node:http2';
import type { FakeAuth, FakeAuthCall, FakeAuthEndpoint, FakeError, FakeTokens } from './types.js';

const POLL_PATH = '/auth/poll';
const EXCHANGE_PATH = '/auth/exchange_user_api_key';
const REFRESH_PATH = '/auth/refresh';
const DEFAULT_EMAIL = 'user@example.com';
const DEFAULT_TTL_SECONDS = 3600;

interface Account {
  email: string;
  sub: string;
}

interface Approval {
  tokens: FakeTokens;
}

export class FakeAuthServer implements FakeAuth {
  readonly calls: FakeAuthCall[] = [];
  tokenTtlSeconds = DEFAULT_TTL_SECONDS;
  refreshReturnsRefreshToken = false;
  private readonly challenges = new Map<string, string>();
  private readonly approvals = new Map<string, Approval>();
  private readonly polls = new Map<string, number>();
  private readonly apiKeys = new Map<string, Account>();
  private readonly refreshTokens = new Map<string, Account>();
  private readonly revoked = new Set<string>();
  private readonly endpointStatus = new Map<FakeAuthEndpoint, number>();
  private pollFailures = { remaining: 0, status: 500 };
  private held: Promise<void> | undefined;
  private accountCount = 0;

  visitLoginPage(url: string): { uuid: string; challenge: string } {
    const params = new URL(url).searchParams;
    const uuid = params.get('uuid') ?? '';
    const challenge = params.get('challenge') ?? '';
    if (!uuid || !challenge || params.get('mode') !== 'login' || params.get('redirectTarget') !== 'cli') {
      throw new Error(`not a CLI login URL: ${url}`);
    }
    this.challenges.set(uuid, challenge);
    return { uuid, challenge };
  }

  approve(uuid: string, options: { email?: string; ttlSeconds?: number; tokens?: FakeTokens } = {}): FakeTokens {
    const tokens = options.tokens ?? this.issueTokens(options);
    if (options.tokens) this.refreshTokens.set(tokens.refreshToken, this.newAccount(options.email));
    this.approvals.set(uuid, { tokens });
    return tokens;
  }

  pollCount(uuid: string): number {
    return this.polls.get(uuid) ?? 0;
  }

  failNextPolls(count: number, status = 500): void {
    this.pollFailures = { remaining: count, status };
  }

  addApiKey(apiKey: string, options: { email?: string } = {}): void {
    this.apiKeys.set(apiKey, this.newAccount(options.email));
  }

  issueTokens(options: { email?: string; ttlSeconds?: number } = {}): FakeTokens {
    const account = this.newAccount(options.email);
    const refreshToken = this.token(account, 'refresh', 30 * 24 * 3600);
    this.refreshTokens.set(refreshToken, account);
    return { accessToken: this.token(account, 'access', options.ttlSeconds ?? this.tokenTtlSeconds), refreshToken };
  }

  revoke(token: string): void {
    this.revoked.add(token);
    this.refreshTokens.delete(token);
    this.apiKeys.delete(token);
  }

  setEndpointStatus(path: FakeAuthEndpoint, status: number | undefined): void {
    if (status === undefined) this.endpointStatus.delete(path);
    else this.endpointStatus.set(path, status);
  }

  hold(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** Why a Run or unary call with this Authorization header is refused, if it is. */
  rejectBearer(authorization: string | undefined): FakeError | undefined {
    const token = /^Bearer (\S+)/.exec(authorization ?? '')?.[1];
    if (!token) return { code: 'unauthenticated', message: 'missing bearer token' };
    if (this.revoked.has(token)) return { code: 'unauthenticated', message: 'token revoked' };
    const exp = expOf(token);
    if (exp !== undefined && exp * 1000 <= Date.now()) return { code: 'unauthenticated', message: 'token expired' };
    return undefined;
  }

  async handle(stream: ServerHttp2Stream, method: string, pathAndQuery: string, headers: Record<string, string>): Promise<void> {
    const url = new URL(pathAndQuery, 'http://fake');
    const path = url.pathname as FakeAuthEndpoint;
    await drain(stream);
    const answer = (status: number, body: unknown) => {
      this.calls.push({ path, status, credential: this.credentialKind(headers.authorization) });
      if (stream.destroyed) return;
      stream.respond({ ':status': status, 'content-type': 'application/json' });
      stream.end(JSON.stringify(body));
    };
    const forced = this.endpointStatus.get(path);
    if (forced !== undefined) return answer(forced, { error: 'forced by the test' });

    if (path === POLL_PATH && method === 'GET') {
      const uuid = url.searchParams.get('uuid') ?? '';
      this.polls.set(uuid, this.pollCount(uuid) + 1);
      if (this.pollFailures.remaining > 0) {
        this.pollFailures.remaining--;
        return answer(this.pollFailures.status, { error: 'scripted failure' });
      }
      const approval = this.approvals.get(uuid);
      if (!approval) return answer(404, { error: 'pending' });
      const challenge = this.challenges.get(uuid);
      const verifier = url.searchParams.get('verifier') ?? '';
      if (challenge !== undefined && createHash('sha256').update(verifier, 'ascii').digest('base64url') !== challenge) {
        return answer(403, { error: 'verifier does not match the challenge' });
      }
      this.approvals.delete(uuid);
      return answer(200, { ...approval.tokens, authId: 'fake|auth' });
    }
    if ((path === EXCHANGE_PATH || path === REFRESH_PATH) && method === 'POST') {
      if (this.held) await this.held;
      const credential = /^Bearer (\S+)/.exec(headers.authorization ?? '')?.[1] ?? '';
      const apiKeyAccount = path === EXCHANGE_PATH ? this.apiKeys.get(credential) : undefined;
      if (apiKeyAccount) return answer(200, this.freshTokens(apiKeyAccount, true));
      const refreshAccount = this.refreshTokens.get(credential);
      if (refreshAccount) return answer(200, this.freshTokens(refreshAccount, this.refreshReturnsRefreshToken));
      return answer(401, { error: 'invalid credential' });
    }
    answer(404, { error: `no such auth route: ${method} ${path}` });
  }

  private freshTokens(account: Account, withRefreshToken: boolean): Partial<FakeTokens> {
    const accessToken = this.token(account, 'access', this.tokenTtlSeconds);
    if (!withRefreshToken) return { accessToken };
    const refreshToken = this.token(account, 'refresh', 30 * 24 * 3600);
    this.refreshTokens.set(refreshToken, account);
    return { accessToken, refreshToken };
  }

  private credentialKind(authorization: string | undefined): FakeAuthCall['credential'] {
    const credential = /^Bearer (\S+)/.exec(authorization ?? '')?.[1];
    if (credential === undefined) return 'none';
    if (this.apiKeys.has(credential)) return 'api-key';
    if (this.refreshTokens.has(credential)) return 'refresh-token';
    return 'unknown';
  }

  private newAccount(email = DEFAULT_EMAIL): Account {
    return { email, sub: `auth0|user_${++this.accountCount}` };
  }

  private token(account: Account, type: 'access' | 'refresh', ttlSeconds: number): string {
    const now = Math.floor(Date.now() / 1000);
    return unsignedJwt({ sub: account.sub, email: account.email, type, iat: now, exp: now + ttlSeconds, jti: randomBytes(8).toString('hex') });
  }
}

/** A JWT-shaped token with no real signature, as §9 asks of a fake. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return [{ alg: 'none', typ: 'JWT' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.fake';
}

function expOf(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const exp: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

async function drain(stream: ServerHttp2Stream): Promise<void> {
  for await (const _chunk of stream) {
    // Bodies are `{}`; reading them lets the stream finish.
  }
}
