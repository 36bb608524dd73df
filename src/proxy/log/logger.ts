// One-line JSON logs on stderr. Known secrets and anything that looks like one are masked
// before a line is written (log/redact.ts), so a token that slips into a message never reaches a log.
import { redact } from './redact.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export { redact } from './redact.js';

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
