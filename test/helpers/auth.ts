// Helpers for the login-module tests: a clock that never really waits, a logger that keeps
// every line unredacted (so a leaked token would show), and an AuthService on the fake Cursor.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeCursor, FakeTokens } from '../../src/fake-cursor/index.js';
import type { Clock } from '../../src/proxy/auth/clock.js';
import { CursorAuthService, type CursorAuthServiceOptions } from '../../src/proxy/auth/cursor-auth-service.js';
import { openSecretStorage } from '../../src/proxy/auth/secret-storage.js';
import type { Logger } from '../../src/proxy/log/logger.js';

/** Sleeps return at once and move virtual time; `onSleep` lets a test act between polls. */
export class FastClock implements Clock {
  readonly sleeps: number[] = [];
  onSleep?: (count: number) => void;

  constructor(private time = Date.now()) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.onSleep?.(this.sleeps.length);
    if (!signal?.aborted) this.time += ms;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Real time shifted by `offset` ms: tokens look older to the service than to the fake. */
export class ShiftedClock implements Clock {
  offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  async sleep(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface CapturedLog {
  logger: Logger;
  lines: string[];
}

/** Every call as one JSON line, NOT redacted: the code itself must keep tokens out. */
export function capturingLogger(): CapturedLog {
  const lines: string[] = [];
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(JSON.stringify({ level, message, ...fields }));
  return { lines, logger: { info: emit('info'), warn: emit('warn'), error: emit('error') } };
}

export async function tempConfigDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'thalamus-auth-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** An AuthService on the fake, with tokens in a 0600 file (no keychain) in `configDir`. */
export async function authOnFake(
  fake: FakeCursor,
  configDir: string,
  options: Partial<CursorAuthServiceOptions> = {},
): Promise<CursorAuthService> {
  const storage = await openSecretStorage({ configDir, keychain: 'off' });
  return CursorAuthService.create({ configDir, apiBaseUrl: fake.url, ca: fake.ca, storage, ...options });
}

/** A browser login the fake approves as soon as the "browser" opens; resolves with the tokens issued. */
export async function browserLoginOnFake(
  fake: FakeCursor,
  auth: CursorAuthService,
  options: { email?: string; ttlSeconds?: number } = {},
): Promise<FakeTokens> {
  let issued: FakeTokens | undefined;
  const login = auth.startBrowserLogin({ openBrowser: (url) => (issued = fake.auth.approve(fake.auth.visitLoginPage(url).uuid, options)) });
  await login.done;
  if (!issued) throw new Error('the login page was never opened');
  return issued;
}

/** Calls to the exchange and refresh endpoints (everything but polls). */
export function renewalCalls(fake: FakeCursor): FakeCursor['auth']['calls'] {
  return fake.auth.calls.filter((call) => call.path !== '/auth/poll');
}
