// `thalamus serve|env|status|usage|statusline|logs|report|login|logout`: the headless front door
// to the engine. Commands and their help come from one table, COMMANDS.
import { clientVersionWithSource } from '../cursor/client-version.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvConfig, DEFAULT_HOST, DEFAULT_PORT } from './config.js';
import { CLIENT_KEY_FILE, loadOrCreateClientKey } from './client-key.js';
import type { Shell } from './client-env.js';
import { accountLines, AuthUsageError, loginCommand, logoutCommand, type AuthCliIo } from '../auth/auth-cli.js';
import type { CursorAuthService } from '../auth/cursor-auth-service.js';
import { openAuthService } from '../auth/open-auth-service.js';
import { systemBrowserOpener } from '../auth/open-browser.js';
import { silentLogger } from '../log/logger.js';
import { readGatewayState } from './gateway-state.js';
import { startGateway } from './gateway.js';
import { preferSmallHeap } from '../util/small-heap.js';
import { exposureWarning } from '../http/security.js';
import { VERSION } from './version.js';
import { captureDir } from '../log/capture.js';
import { DEFAULT_LOGS_LIMIT, logsCommand } from '../log/logs-command.js';
import { REPORT_LOG_RECORDS, writeReport } from '../log/bug-report.js';
import { reportFileName } from '../log/observability.js';
import { commandHelp, isHelpRequest, overview, type CliCommand } from './cli-help.js';

/**
 * Every command, in the order the overview lists them. A new command is one entry here: its
 * synopsis, summary and help page are what `thalamus --help` and `thalamus <command> --help` print.
 */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  serve: {
    synopsis: '[--port N] [--host H] [--demo] [--ui] [--capture]',
    summary: 'run the gateway (default 127.0.0.1:3013)',
    help: `Serves the Anthropic Messages and OpenAI Chat Completions APIs on the given address and forwards
each turn to Cursor with your login; without a login, the built-in demo backend answers.
Stops on Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port N   port to listen on (0: any free port); default ${DEFAULT_PORT}
  --host H   address to bind; default ${DEFAULT_HOST}
  --demo     answer from the built-in demo backend even when logged in
  --ui       also serve the web UI at /ui/ (it asks for the client key; the path to it is printed)
  --capture  record each request's bodies and Cursor messages in the config dir's captures/
             folder for a bug report (as THALAMUS_CAPTURE=1 does; size-capped, kept 24 h)`,
    run: serve,
  },
  env: {
    synopsis: '[--shell bash|fish|powershell|cmd] [--model M] [--small-fast-model M] [--opus-model M] [--sonnet-model M] [--haiku-model M] [--client codex]',
    summary: 'print the client environment (or Codex config) for the running gateway',
    help: `Prints ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN, OPENAI_BASE_URL, OPENAI_API_KEY, THALAMUS_API_KEY (for
Codex) and Claude Code's settings for the running gateway (or the default address when none runs),
after unsetting Claude Code's provider switches (CLAUDE_CODE_USE_BEDROCK, _VERTEX, _FOUNDRY), e.g.:
  eval "$(thalamus env)"
With --client codex, prints instead Codex's provider block, e.g. as a Codex profile that leaves
your config.toml as it is:
  thalamus env --client codex > ~/.codex/thalamus.config.toml && codex -p thalamus

Options:
  --shell S              bash (default; powershell on Windows), fish, powershell or cmd
  --model M              also set ANTHROPIC_MODEL (with --client codex: Codex's model, default gpt-5)
  --small-fast-model M   also set ANTHROPIC_SMALL_FAST_MODEL
  --opus-model M, --sonnet-model M, --haiku-model M
                         also set ANTHROPIC_DEFAULT_OPUS_MODEL / _SONNET_ / _HAIKU_ (what Claude Code's
                         opus, sonnet and haiku aliases run on, e.g. claude-via-cursor-gpt-5)
Claude Code's gateway model discovery is turned on (CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1):
its /model picker lists every Cursor model.
  --client codex         print Codex's config.toml provider block`,
    run: printEnv,
  },
  status: {
    synopsis: '',
    summary: 'account, token expiry and gateway state',
    help: 'Shows the Cursor account, when its token expires, where the tokens are kept, and whether a gateway runs.',
    run: status,
  },
  usage: {
    synopsis: '[--json] [--refresh]',
    summary: "the Cursor plan's usage pools, on-demand spend, pace, and today's requests through Thalamus",
    help: `Shows Cursor's plan meters (the API and Auto + Composer pools, the total, on-demand spend, when
the billing cycle resets and each pool's pace, an estimate) and what this machine sent through Thalamus
today, per model.
Meters a running gateway read in the last minute are reused; otherwise Cursor is asked with your login.
A figure Cursor did not give is "unknown" (null in JSON), with the reason.

Options:
  --json      one JSON object: {plan, billingCycleEnd, pools: {auto: {percentUsed, pace}, api: {percentUsed,
              pace}}, total: {percentUsed}, onDemand: {usedCents, limitCents}, pace, local: {today: {requests,
              inputTokens, outputTokens, byModel}}, status: {state, reason, estimated, fetchedAt}}
  --refresh   ask Cursor now instead of reusing meters up to a minute old`,
    run: usage,
  },
  statusline: {
    synopsis: '',
    summary: "one line for Claude Code's status bar: the pools, when they reset, the model",
    help: `Prints one short line — API and Auto pools, the reset, the model — for Claude Code's statusLine
setting ({"statusLine": {"type": "command", "command": "thalamus statusline"}}). Reads Claude Code's
JSON on stdin and the meters the gateway last shared; it never asks Cursor, so it stays fast.
NO_COLOR turns the colours off.`,
    run: async (args, out) => {
      noArguments('statusline', args);
      return (await import('../usage/statusline-cli.js')).statuslineCommand(process.env, out);
    },
  },
  login: {
    synopsis: '[--api-key K | --token T | --import]',
    summary: "log in to Cursor: in the browser, or with an API key, a token or Cursor's own saved login",
    help: `Without an option, opens Cursor's login page in the browser (the URL is printed too) and waits;
Ctrl-C cancels.

Options:
  --api-key K   log in with a Cursor API key
  --token T     use a pasted Cursor access token
  --import      reuse the login of cursor-agent or the Cursor IDE (read-only)`,
    run: (args, out) => withAuth((auth) => loginCommand(args, auth, cliIo(out))),
  },
  logs: {
    synopsis: '[--json] [--follow] [--limit N]',
    summary: 'the request log: one line per request, newest last',
    help: `Prints the last requests the gateway served (from the log in the config dir): time, status, API,
the model asked for and the Cursor model that answered, how it ended, time to first token, duration,
tokens and tool calls. Unreadable lines are skipped and counted on stderr.

Options:
  --json      one JSON record per line (the log's own format)
  --follow    keep printing new requests until Ctrl-C
  --limit N   how many past requests to print; default ${DEFAULT_LOGS_LIMIT}`,
    run: logs,
  },
  report: {
    synopsis: '[--out FILE.zip]',
    summary: 'write a bug report zip: recent requests, captures, versions, settings, no secrets',
    help: `Writes a zip to attach to a bug report: the last ${REPORT_LOG_RECORDS} requests of the request log, the traffic
captures (turn capture on first with \`serve --capture\` or THALAMUS_CAPTURE=1 and reproduce the problem),
the Thalamus, OS and Node versions, the client version sent to Cursor, the settings and the THALAMUS_*
configuration. Cursor tokens, API keys and the client key are removed by value and by pattern, and the
files are checked for them before the zip is written.

Options:
  --out FILE.zip   where to write it; default thalamus-report-<date>-<time>.zip here`,
    run: report,
  },
  logout: {
    synopsis: '',
    summary: 'erase the saved Cursor login',
    help: 'Erases the Cursor tokens (keychain and files) and the account record.',
    run: (args, out) => {
      noArguments('logout', args);
      return withAuth((auth) => logoutCommand(auth, cliIo(out)));
    },
  },
};

class UsageError extends Error {}

export async function main(argv: string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === '--version' || name === '-v') {
      out(VERSION + '\n');
      return 0;
    }
    if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
      out(overview(COMMANDS) + '\n');
      return 0;
    }
    if (name === 'help') return await main([rest[0]!, '--help'], out);
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : undefined;
    if (!command) throw new UsageError(`unknown command '${name}'`);
    if (isHelpRequest(rest)) {
      out(commandHelp(name, command) + '\n');
      return 0;
    }
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof AuthUsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
      process.stderr.write(`thalamus: ${(error as Error).message}\n\n${command ? commandHelp(name!, command) : overview(COMMANDS)}\n`);
      return 2;
    }
    throw error;
  }
}

function noArguments(name: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${name} takes no arguments, got '${args.join(' ')}'`);
}

async function serve(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, ui: { type: 'boolean' }, capture: { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'`);
  const host = values.host ?? DEFAULT_HOST;
  const warning = exposureWarning(host);
  if (warning) process.stderr.write(`${warning}\n`);
  preferSmallHeap();
  const gateway = await startGateway({ host, port, demo: values.demo ? true : undefined, ui: values.ui, capture: values.capture ? true : undefined });
  const keyLocation = gateway.clientKey.source === 'env' ? 'THALAMUS_API_KEY' : join(gateway.configDir, CLIENT_KEY_FILE);
  out(
    `Thalamus ${VERSION} listening on ${gateway.url}\n` +
      (gateway.demo
        ? `Upstream: *** DEMO backend: answers come from a built-in fake, not from Cursor *** (${values.demo ? '--demo' : 'not logged in: run `thalamus login` to use Cursor'})\n`
        : `Upstream: ${gateway.upstream}\n`) +
      `Client key: ${keyLocation}\n` +
      (gateway.capture.enabled ? `Capturing traffic into ${captureDir(gateway.configDir)} (for \`thalamus report\`)\n` : '') +
      `Point Claude Code at it:  eval "$(thalamus env)"\n` +
      // Never the key itself: stdout ends up in terminals, scrollback and CI logs.
      (values.ui ? `Web UI: ${gateway.url}/ui/ (paste the client key when it asks: ${keyLocation})\n` : ''),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await gateway.close();
  return 0;
}

async function printEnv(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      shell: { type: 'string' },
      model: { type: 'string' },
      'small-fast-model': { type: 'string' },
      'opus-model': { type: 'string' },
      'sonnet-model': { type: 'string' },
      'haiku-model': { type: 'string' },
      client: { type: 'string' },
    },
    strict: true,
  });
  if (values.client !== undefined && values.client !== 'codex') throw new UsageError(`--client must be codex (Claude Code and other clients use the plain environment)`);
  // Loaded here, not at start-up: `serve` never needs them, and codex-provider brings smol-toml.
  const [{ clientEnv, renderEnv, SHELLS }, { renderCodexConfig }] = await Promise.all([import('./client-env.js'), import('./codex-provider.js')]);
  const shell = (values.shell ?? (process.platform === 'win32' ? 'powershell' : 'bash')) as Shell;
  if (!SHELLS.includes(shell)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}`);
  const config = readEnvConfig();
  const running = await readGatewayState(config.configDir);
  const baseUrl = running?.url ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
  const { key } = await loadOrCreateClientKey(config.configDir, config.clientKey);
  if (!running) process.stderr.write(`thalamus: no running gateway found; assuming ${baseUrl}\n`);
  if (values.client === 'codex') {
    out(renderCodexConfig({ baseUrl, model: values.model }));
    return 0;
  }
  const models = {
    model: values.model,
    smallFastModel: values['small-fast-model'],
    opusModel: values['opus-model'],
    sonnetModel: values['sonnet-model'],
    haikuModel: values['haiku-model'],
  };
  out(renderEnv(clientEnv({ baseUrl, clientKey: key, ...models }), shell));
  return 0;
}

async function logs(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, follow: { type: 'boolean' }, limit: { type: 'string' } },
    strict: true,
  });
  const limit = values.limit === undefined ? DEFAULT_LOGS_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit must be a whole number, got '${values.limit}'`);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await logsCommand({
      configDir: readEnvConfig().configDir,
      json: values.json ?? false,
      follow: values.follow ?? false,
      limit,
      out,
      err: (text) => process.stderr.write(text),
      signal: stop.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function report(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  const now = new Date();
  const path = values.out ?? reportFileName(now);
  // Reading the saved login makes its tokens known to the redaction, even when no gateway runs here.
  await withAuth(async (auth) => auth.account()).catch((error: unknown) =>
    process.stderr.write(`thalamus: the saved login could not be read (${(error as Error).message}); its tokens are removed by pattern only\n`),
  );
  const bytes = await writeReport(path, { configDir: readEnvConfig().configDir, now });
  out(`Wrote ${path} (${Math.ceil(bytes / 1024)} KiB). Look inside before you share it.\n`);
  return 0;
}

async function status(args: string[], out: (text: string) => void): Promise<number> {
  noArguments('status', args);
  const config = readEnvConfig();
  const running = await readGatewayState(config.configDir);
  const account = await withAuth(async (auth) => auth.account());
  const version = clientVersionWithSource();
  const lines = [
    ...accountLines(account),
    `Client version: ${version.header} (${version.source}; Cursor refuses stale builds: set THALAMUS_CLIENT_VERSION to override)`,
    `Gateway:        ${running ? `running at ${running.url}${running.demo ? ' (demo backend)' : ''}, pid ${running.pid}` : 'not running'}`,
  ];
  if (running?.demo && (account.loggedIn || account.needsLogin)) lines.push('                restart `thalamus serve` to use your Cursor login');
  out(lines.join('\n') + '\n');
  return 0;
}

async function usage(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, refresh: { type: 'boolean' } }, strict: true });
  const { usageCommand } = await import('../usage/usage-command.js');
  return withAuth((auth) => usageCommand({ json: values.json === true, refresh: values.refresh === true, tokenProvider: auth, out }));
}

/** The login module for one command, closed afterwards. */
async function withAuth<T>(use: (auth: CursorAuthService) => Promise<T>): Promise<T> {
  const auth = await openAuthService({ logger: silentLogger, openBrowser: systemBrowserOpener() });
  try {
    return await use(auth);
  } finally {
    await auth.close();
  }
}

function cliIo(out: (text: string) => void): AuthCliIo {
  return {
    out,
    err: (text) => process.stderr.write(text),
    onInterrupt: (cancel) => {
      process.once('SIGINT', cancel);
      return () => process.off('SIGINT', cancel);
    },
  };
}
