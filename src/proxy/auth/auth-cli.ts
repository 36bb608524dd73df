// `thalamus login|logout` and the account part of `thalamus status`, over the AuthService.
import { parseArgs } from 'node:util';
import type { AccountStatus } from './auth-service.js';
import { LoginError } from './browser-login.js';
import type { CursorAuthService } from './cursor-auth-service.js';

export interface AuthCliIo {
  out(text: string): void;
  err(text: string): void;
  /** Called with a cancel function while a browser login waits (the CLI wires Ctrl-C to it). */
  onInterrupt(cancel: () => void): () => void;
}

export class AuthUsageError extends Error {}

/** `thalamus login [--api-key K | --token T | --import]`; no flag: the browser login. */
export async function loginCommand(args: string[], auth: CursorAuthService, io: AuthCliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'api-key': { type: 'string' }, token: { type: 'string' }, import: { type: 'boolean' } },
    strict: true,
  });
  const chosen = [values['api-key'] !== undefined, values.token !== undefined, values.import === true].filter(Boolean).length;
  if (chosen > 1) throw new AuthUsageError('choose one of --api-key, --token and --import');
  if (auth.account().storage === 'env') io.err('thalamus: note: THALAMUS_CURSOR_TOKEN is set and overrides the saved login.\n');
  try {
    let account: AccountStatus;
    if (values['api-key'] !== undefined) account = await auth.loginWithApiKey(values['api-key']);
    else if (values.token !== undefined) account = await auth.loginWithToken(values.token);
    else if (values.import) account = await auth.importExisting();
    else account = await browserLogin(auth, io);
    io.out(`Logged in to Cursor${account.email ? ` as ${account.email}` : ''}.\n` + accountLines(account).join('\n') + '\n');
    return 0;
  } catch (error) {
    if (error instanceof LoginError && error.reason === 'cancelled') {
      io.err('thalamus: login cancelled.\n');
      return 130;
    }
    io.err(`thalamus: login failed: ${(error as Error).message}\n`);
    return 1;
  }
}

async function browserLogin(auth: CursorAuthService, io: AuthCliIo): Promise<AccountStatus> {
  const login = auth.startBrowserLogin();
  io.out(`Opening Cursor's login page in your browser. If it does not open, visit:\n\n  ${login.url}\n\nWaiting for the login to finish… (Ctrl-C cancels)\n`);
  const release = io.onInterrupt(() => login.cancel());
  try {
    return await login.done;
  } finally {
    release();
  }
}

export async function logoutCommand(auth: CursorAuthService, io: AuthCliIo): Promise<number> {
  await auth.logout();
  io.out('Logged out: the saved Cursor login is erased.\n');
  if (auth.account().storage === 'env') io.out('THALAMUS_CURSOR_TOKEN is still set in this environment.\n');
  return 0;
}

/** The account lines of `thalamus status` and of a successful login. */
export function accountLines(account: AccountStatus, now = Date.now()): string[] {
  const who = account.needsLogin
    ? 'needs a new login: run `thalamus login`'
    : account.loggedIn
      ? (account.email ?? 'logged in')
      : 'not logged in: run `thalamus login`';
  const lines = [`Cursor account: ${who}`];
  if (account.method) lines.push(`Login method:   ${account.method}`);
  if (account.expiresAt) lines.push(`Token expires:  ${account.expiresAt.toISOString()} (${relative(account.expiresAt.getTime() - now, account.storage !== 'env')})`);
  lines.push(`Token storage:  ${STORAGE_WORDS[account.storage ?? 'file']}`);
  if (account.storageWarning) lines.push(`Warning:        ${account.storageWarning}`);
  return lines;
}

const STORAGE_WORDS: Record<NonNullable<AccountStatus['storage']>, string> = {
  keychain: 'OS keychain',
  'safe-storage-file': 'encrypted file (Electron safeStorage)',
  file: '0600 file in the config dir',
  env: 'THALAMUS_CURSOR_TOKEN (not stored)',
};

function relative(ms: number, renewable: boolean): string {
  if (ms <= 0) return renewable ? 'expired; renewed on the next request' : 'expired';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} days`;
}
