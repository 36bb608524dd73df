// `thalamus serve|env|status|login|logout`: the headless front door to the engine.
import { parseArgs } from 'node:util';
import { readEnvConfig, DEFAULT_HOST, DEFAULT_PORT } from './config.js';
import { loadOrCreateClientKey } from './client-key.js';
import { clientEnv, renderEnv, SHELLS, type Shell } from './client-env.js';
import { accountLines, AuthUsageError, loginCommand, logoutCommand, type AuthCliIo } from './auth/auth-cli.js';
import type { CursorAuthService } from './auth/cursor-auth-service.js';
import { openAuthService } from './auth/open-auth-service.js';
import { systemBrowserOpener } from './auth/open-browser.js';
import { silentLogger } from './log.js';
import { readGatewayState } from './gateway-state.js';
import { startGateway } from './gateway.js';
import { VERSION } from './version.js';

const USAGE = `thalamus ${VERSION} — Claude Code and OpenAI clients on your Cursor subscription

Usage:
  thalamus serve [--port N] [--host H] [--demo] [--ui]
                                                  run the gateway (default 127.0.0.1:3013);
                                                  --ui also serves the web UI at /ui/
  thalamus env [--shell bash|fish|powershell|cmd] [--model M] [--small-fast-model M]
                                                  print the client environment for the gateway
  thalamus status                                 account, token expiry and gateway state
  thalamus login [--api-key K | --token T | --import]
                                                  log in to Cursor: in the browser (default), with
                                                  an API key, a token, or Cursor's own saved login
  thalamus logout                                 erase the saved Cursor login
  thalamus --version

Environment: THALAMUS_CURSOR_TOKEN, THALAMUS_CURSOR_BASE_URL, THALAMUS_CURSOR_LOGIN_URL,
THALAMUS_CLIENT_VERSION, THALAMUS_API_KEY, THALAMUS_CONFIG_DIR, THALAMUS_MODEL_MAP, THALAMUS_KEYCHAIN.`;

class UsageError extends Error {}

export async function main(argv: string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, out);
      case 'env':
        return await printEnv(rest, out);
      case 'status':
        return await status(out);
      case 'login':
        return await withAuth((auth) => loginCommand(rest, auth, cliIo(out)));
      case 'logout':
        return await withAuth((auth) => logoutCommand(auth, cliIo(out)));
      case '--version':
      case '-v':
        out(VERSION + '\n');
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof AuthUsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`thalamus: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function serve(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, ui: { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'`);
  const gateway = await startGateway({ host: values.host ?? DEFAULT_HOST, port, demo: values.demo ? true : undefined, ui: values.ui });
  out(
    `Thalamus ${VERSION} listening on ${gateway.url}\n` +
      (gateway.demo
        ? `Upstream: built-in DEMO backend (${values.demo ? '--demo' : 'not logged in: run `thalamus login` to use Cursor'})\n`
        : `Upstream: ${gateway.upstream}\n`) +
      `Client key: from ${gateway.clientKey.source === 'env' ? 'THALAMUS_API_KEY' : gateway.configDir}\n` +
      `Point Claude Code at it:  eval "$(thalamus env)"\n` +
      // The key rides in the fragment, which the browser never sends; the page moves it to sessionStorage.
      (values.ui ? `Web UI (this link holds your client key): ${gateway.url}/ui/#key=${encodeURIComponent(gateway.clientKey.key)}\n` : ''),
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
    options: { shell: { type: 'string' }, model: { type: 'string' }, 'small-fast-model': { type: 'string' } },
    strict: true,
  });
  const shell = (values.shell ?? (process.platform === 'win32' ? 'powershell' : 'bash')) as Shell;
  if (!SHELLS.includes(shell)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}`);
  const config = readEnvConfig();
  const running = await readGatewayState(config.configDir);
  const baseUrl = running?.url ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
  const { key } = await loadOrCreateClientKey(config.configDir, config.clientKey);
  if (!running) process.stderr.write(`thalamus: no running gateway found; assuming ${baseUrl}\n`);
  out(renderEnv(clientEnv({ baseUrl, clientKey: key, model: values.model, smallFastModel: values['small-fast-model'] }), shell));
  return 0;
}

async function status(out: (text: string) => void): Promise<number> {
  const config = readEnvConfig();
  const running = await readGatewayState(config.configDir);
  const account = await withAuth(async (auth) => auth.account());
  const lines = [
    ...accountLines(account),
    `Gateway:        ${running ? `running at ${running.url}${running.demo ? ' (demo backend)' : ''}, pid ${running.pid}` : 'not running'}`,
  ];
  if (running?.demo && (account.loggedIn || account.needsLogin)) lines.push('                restart `thalamus serve` to use your Cursor login');
  out(lines.join('\n') + '\n');
  return 0;
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
