// The CLI's help texts, rendered from one table of commands (cli.ts): the overview that
// `thalamus --help` prints and the page `thalamus <command> --help` prints for each command.
import { VERSION } from './version.js';

export interface CliCommand {
  /** Arguments after the command's name, e.g. `[--port N] [--demo]`; empty when it takes none. */
  synopsis: string;
  /** One line for the overview. */
  summary: string;
  /** The rest of its help page: what it does, each option, its exit status. */
  help: string;
  run(args: string[], out: (text: string) => void): Promise<number>;
}

const ENVIRONMENT =
  'Environment: THALAMUS_CURSOR_TOKEN, THALAMUS_CURSOR_BASE_URL, THALAMUS_CURSOR_LOGIN_URL,\n' +
  'THALAMUS_CLIENT_VERSION, THALAMUS_API_KEY, THALAMUS_CONFIG_DIR, THALAMUS_MODEL_MAP, THALAMUS_KEYCHAIN.';

/** Asks for a command's help page instead of running it. */
export const isHelpRequest = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

export function overview(commands: Readonly<Record<string, CliCommand>>): string {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(11)} ${command.summary}`);
  return (
    `thalamus ${VERSION} — Claude Code and OpenAI clients on your Cursor subscription\n\n` +
    `Usage: thalamus <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    `thalamus <command> --help   that command's options\nthalamus --version\n\n${ENVIRONMENT}`
  );
}

export function commandHelp(name: string, command: CliCommand): string {
  return `Usage: thalamus ${name}${command.synopsis ? ` ${command.synopsis}` : ''}\n\n${command.summary}\n\n${command.help.trim()}`;
}
