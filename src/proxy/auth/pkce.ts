// The PKCE-like pair and the login URL of Cursor's browser login (reference §6.1).
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface LoginChallenge {
  /** Secret: only ever sent to the poll endpoint. */
  verifier: string;
  challenge: string;
  uuid: string;
}

/** verifier = base64url (no padding) of 32 random bytes; challenge = base64url of SHA-256(verifier ASCII). */
export function createLoginChallenge(random: (size: number) => Buffer = randomBytes, uuid: () => string = randomUUID): LoginChallenge {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: challengeOf(verifier), uuid: uuid() };
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** `<loginBase>/loginDeepControl?challenge=…&uuid=…&mode=login&redirectTarget=cli` */
export function loginPageUrl(loginBaseUrl: string, challenge: Pick<LoginChallenge, 'challenge' | 'uuid'>): string {
  const url = new URL('/loginDeepControl', loginBaseUrl);
  url.search = new URLSearchParams({ challenge: challenge.challenge, uuid: challenge.uuid, mode: 'login', redirectTarget: 'cli' }).toString();
  return url.toString();
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}
