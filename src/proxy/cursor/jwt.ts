// Cursor access tokens are JWTs; only the payload is read, never verified (reference §6.4).

export interface JwtClaims {
  /** Expiry, seconds since the epoch. */
  exp?: number;
  email?: string;
  sub?: string;
}

/**
 * The bare JWT from a stored token: the website cookie form `userId::jwt` (also URL-encoded
 * as `%3A%3A`) carries a prefix (§6.4).
 */
export function stripTokenPrefix(token: string): string {
  const trimmed = token.trim();
  const decoded = trimmed.includes('%3A%3A') ? trimmed.replaceAll('%3A%3A', '::') : trimmed;
  const separator = decoded.lastIndexOf('::');
  return separator === -1 ? decoded : decoded.slice(separator + 2);
}

/** The claims of a JWT (prefix tolerated), or undefined when it is not a readable JWT. */
export function decodeJwtClaims(token: string): JwtClaims | undefined {
  const parts = stripTokenPrefix(token).split('.');
  if (parts.length !== 3) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  return {
    exp: typeof record.exp === 'number' ? record.exp : undefined,
    email: typeof record.email === 'string' ? record.email : undefined,
    sub: typeof record.sub === 'string' ? record.sub : undefined,
  };
}
