// One-line JSON logs on stderr. Anything that looks like a secret is masked before it is
// written, so a token that slips into a message or field never reaches a log file.

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// JWTs, bearer values, Cursor's `user_…::` cookie form, and our own client keys.
const SECRET_PATTERNS: RegExp[] = [
  /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g,
  /(bearer\s+)[^\s"',]+/gi,
  /user_[\w-]+::[^\s"',]+/g,
  /thl_[\w-]{16,}/g,
];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce(
    (out, pattern) => out.replace(pattern, (_match, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[redacted]`),
    text,
  );
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) =>
    write(redact(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })));
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

/** A logger that drops everything: for tests and embedders that log elsewhere. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
