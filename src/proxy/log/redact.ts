// Secrets out of everything written down (logs, the request log, captures, bug reports): the
// actual values of the Cursor tokens, API keys and the client key this process has seen, and,
// for values it never saw, anything shaped like one.

const REDACTED = '[redacted]';

// JWTs, bearer values, Cursor's `user_…::` cookie form, and our own client keys.
const SECRET_PATTERNS: RegExp[] = [
  /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g,
  /(bearer\s+)[^\s"',]+/gi,
  /user_[\w-]+::[^\s"',]+/g,
  /thl_[\w-]{16,}/g,
];

/** Shorter values are not secrets worth the risk of masking ordinary text. */
const MIN_SECRET_LENGTH = 8;
/** Tokens rotate; the newest values are the ones that can still appear. */
const MAX_REMEMBERED = 64;

const known = new Set<string>();

/** Every later redaction removes `value`, and its URL-encoded form, wherever it appears. */
export function rememberSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  for (const form of new Set([value, encodeURIComponent(value)])) {
    known.delete(form);
    known.add(form);
  }
  while (known.size > MAX_REMEMBERED) known.delete(known.values().next().value!);
}

/** The values remembered so far (a bug report scans its files for them). */
export function rememberedSecrets(): string[] {
  return [...known];
}

/** `text` with every remembered secret (and `extra` ones) replaced, then anything secret-shaped masked. */
export function redact(text: string, extra: readonly string[] = []): string {
  let out = text;
  // Longest first, so a value that contains another is removed whole.
  const values = [...known, ...extra.filter((value) => value.length >= MIN_SECRET_LENGTH)].sort((a, b) => b.length - a.length);
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}${REDACTED}`);
  }
  return out;
}

/** A JSON-able value with every string redacted (keys too), for structures written to disk. */
export function redactValue<T>(value: T, extra: readonly string[] = []): T {
  return JSON.parse(redact(JSON.stringify(value) ?? 'null', extra)) as T;
}
