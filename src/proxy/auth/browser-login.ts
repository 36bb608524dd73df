// The poll loop of the browser login (reference §6.1): wait, poll, repeat on 404, until tokens
// arrive, the user cancels, the attempts run out, or the service fails too often in a row.
import type { Logger } from '../log/logger.js';
import type { Clock } from './clock.js';
import { AuthApiError, type CursorAuthApi, type CursorTokens } from './cursor-auth-api.js';
import type { LoginChallenge } from './pkce.js';

export interface PollSchedule {
  maxAttempts: number;
  /** Non-404 failures in a row that end the login. */
  maxConsecutiveErrors: number;
  delayMs(attempt: number): number;
}

/** Cursor's CLI schedule: 150 attempts, min(1000·1.2^attempt, 10000) ms apart, 3 errors in a row end it. */
export const CURSOR_POLL_SCHEDULE: PollSchedule = {
  maxAttempts: 150,
  maxConsecutiveErrors: 3,
  delayMs: (attempt) => Math.round(Math.min(1000 * 1.2 ** attempt, 10_000)),
};

export type LoginFailure = 'cancelled' | 'timeout' | 'failed';

export class LoginError extends Error {
  constructor(
    readonly reason: LoginFailure,
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

export interface BrowserLoginPollOptions {
  api: CursorAuthApi;
  challenge: LoginChallenge;
  clock: Clock;
  schedule: PollSchedule;
  logger: Logger;
}

export class BrowserLoginPoll {
  private cancelled = false;
  private pollRequested = false;
  private wake = new AbortController();

  constructor(private readonly options: BrowserLoginPollOptions) {}

  get uuid(): string {
    return this.options.challenge.uuid;
  }

  /** Resolves with the tokens; rejects with a LoginError. */
  async run(): Promise<CursorTokens> {
    const { api, challenge, schedule, logger } = this.options;
    let consecutiveErrors = 0;
    for (let attempt = 0; attempt < schedule.maxAttempts; attempt++) {
      await this.waitBeforePoll(schedule.delayMs(attempt));
      this.throwIfCancelled();
      try {
        const tokens = await api.poll(challenge.uuid, challenge.verifier);
        this.throwIfCancelled();
        if (tokens) return tokens;
        consecutiveErrors = 0;
      } catch (error) {
        if (error instanceof LoginError) throw error;
        consecutiveErrors++;
        const detail = error instanceof AuthApiError ? error.message : 'unexpected error';
        logger.warn('cursor login poll failed', { attempt, consecutiveErrors, detail });
        if (consecutiveErrors >= schedule.maxConsecutiveErrors) {
          throw new LoginError('failed', `Login failed: Cursor's login service failed ${consecutiveErrors} times in a row (${detail}). Try again.`);
        }
      }
    }
    const minutes = Math.round(totalWaitMs(schedule) / 60_000);
    throw new LoginError('timeout', `The login timed out: it was not completed in the browser within ${minutes} minutes. Start it again.`);
  }

  /** The deep-link callback said the browser is done: poll at once instead of waiting. */
  pollNow(): void {
    this.pollRequested = true;
    this.wake.abort();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake.abort();
  }

  private async waitBeforePoll(ms: number): Promise<void> {
    if (!this.pollRequested && !this.cancelled) await this.options.clock.sleep(ms, this.wake.signal);
    this.pollRequested = false;
    if (this.wake.signal.aborted) this.wake = new AbortController();
  }

  private throwIfCancelled(): void {
    if (this.cancelled) throw new LoginError('cancelled', 'The login was cancelled.');
  }
}

function totalWaitMs(schedule: PollSchedule): number {
  let total = 0;
  for (let attempt = 0; attempt < schedule.maxAttempts; attempt++) total += schedule.delayMs(attempt);
  return total;
}
