// `thalamus report` and the UI's report button: one zip a user can attach to a bug report —
// the recent request log, the traffic captures, version, OS, the client version Thalamus sends
// to Cursor, settings and the THALAMUS_* configuration — and no secret: every file goes through
// redaction by value and by pattern, and is scanned for each known secret before the zip is made.
import { release, type as osType, arch } from 'node:os';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_KEY_FILE } from '../app/client-key.js';
import { resolveClientVersion } from '../cursor/client-version.js';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';
import { readGatewayState } from '../app/gateway-state.js';
import { SETTINGS_FILE } from '../app/settings-store.js';
import { VERSION } from '../app/version.js';
import { captureDir } from './capture.js';
import { redact, rememberedSecrets } from './redact.js';
import { readRequestLog } from './request-log.js';

/** Records from the request log that go into a report. */
export const REPORT_LOG_RECORDS = 1000;

/** Configuration variables whose values are secrets: a report says only whether they are set. */
const SECRET_VARIABLES = new Set(['THALAMUS_CURSOR_TOKEN', 'THALAMUS_API_KEY']);

export interface ReportOptions {
  configDir: string;
  env?: NodeJS.ProcessEnv;
  /** Secrets this process may not have seen (the desktop main process knows the stored tokens). */
  secrets?: string[];
  now?: Date;
}

export class ReportLeakError extends Error {}

/** The report's files (name → text), redacted and checked. */
export async function reportFiles(options: ReportOptions): Promise<Map<string, string>> {
  const env = options.env ?? process.env;
  const secrets = await knownSecrets(options);
  const files = new Map<string, string>();
  const { records, skipped } = await readRequestLog(options.configDir, REPORT_LOG_RECORDS);
  files.set('requests.jsonl', records.map((record) => JSON.stringify(record)).join('\n') + (records.length ? '\n' : ''));
  const captureNames = (await readdir(captureDir(options.configDir)).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  for (const name of captureNames) {
    const text = await readFile(join(captureDir(options.configDir), name), 'utf8').catch(() => undefined);
    if (text !== undefined) files.set(`captures/${name}`, text);
  }
  const settings = await readFileIfExists(join(options.configDir, SETTINGS_FILE));
  const gateway = await readGatewayState(options.configDir).catch(() => undefined);
  files.set(
    'report.json',
    JSON.stringify(
      {
        createdAt: (options.now ?? new Date()).toISOString(),
        thalamusVersion: VERSION,
        os: { type: osType(), release: release(), platform: process.platform, arch: arch() },
        node: process.versions.node,
        electron: process.versions.electron,
        cursorClientVersion: resolveClientVersion({ env }),
        configuration: configuration(env),
        gateway: gateway ?? null,
        settings: parseOr(settings),
        requestLog: { records: records.length, unreadableLinesSkipped: skipped },
        captures: captureNames.length,
      },
      null,
      2,
    ) + '\n',
  );
  for (const [name, text] of files) {
    const clean = redact(text, secrets);
    if (secrets.some((secret) => clean.includes(secret))) throw new ReportLeakError(`a secret survived redaction in ${name}; no report was written`);
    files.set(name, clean);
  }
  return files;
}

/** The report as zip bytes. */
export async function buildReport(options: ReportOptions): Promise<Uint8Array> {
  // The zip library loads on the first report, not with every gateway.
  const [files, { strToU8, zipSync }] = await Promise.all([reportFiles(options), import('fflate')]);
  return zipSync(Object.fromEntries([...files].map(([name, text]) => [name, strToU8(text)])), { level: 6 });
}

/** Writes the report to `path` (atomically: a failure leaves no half-written zip). */
export async function writeReport(path: string, options: ReportOptions): Promise<number> {
  const zip = await buildReport(options);
  await writeFileAtomic(path, zip, 0o600);
  return zip.length;
}

/** Every secret value that could appear: remembered ones, the client key, the secret variables. */
async function knownSecrets(options: ReportOptions): Promise<string[]> {
  const env = options.env ?? process.env;
  const clientKey = (await readFileIfExists(join(options.configDir, CLIENT_KEY_FILE)))?.trim();
  const values = [...rememberedSecrets(), ...(options.secrets ?? []), clientKey, ...[...SECRET_VARIABLES].map((name) => env[name]?.trim())];
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length >= 8))];
}

/** THALAMUS_* variables as set, secrets shown only as set. */
function configuration(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env).sort()) {
    if (!name.startsWith('THALAMUS_') || value === undefined) continue;
    out[name] = SECRET_VARIABLES.has(name) ? '(set)' : value;
  }
  return out;
}

function parseOr(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return '(unreadable settings file)';
  }
}
