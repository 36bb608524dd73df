// The `thalamus statusline` process: its own small bundle entry (bin/thalamus.js goes straight
// here), so Claude Code's status bar does not pay for loading the gateway. Reads Claude Code's
// JSON from stdin when there is any, the shared meters from the config dir, and prints one line.
import { readEnvConfig } from '../config.js';
import { readSharedMeters } from './meters-file.js';
import { statusLine } from './statusline.js';

/** Claude Code writes its JSON at once; a terminal with nothing piped in must not hang the command. */
const STDIN_WAIT_MS = 300;
const MAX_STDIN_BYTES = 256 * 1024;

export async function statuslineCommand(env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const { configDir } = readEnvConfig(env);
  const [input, meters] = await Promise.all([readStdinJson(), readSharedMeters(configDir)]);
  const model = (input as { model?: { display_name?: unknown; id?: unknown } } | undefined)?.model;
  const clientModel = typeof model?.display_name === 'string' ? model.display_name : typeof model?.id === 'string' ? model.id : undefined;
  out(statusLine({ meters, clientModel, now: new Date(), color: env.NO_COLOR === undefined }) + '\n');
  return 0;
}

function readStdinJson(): Promise<unknown> {
  if (process.stdin.isTTY) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      clearTimeout(timer);
      process.stdin.removeAllListeners();
      process.stdin.pause();
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    };
    const timer = setTimeout(finish, STDIN_WAIT_MS);
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_STDIN_BYTES) chunks.push(chunk);
    });
    process.stdin.once('end', finish);
    process.stdin.once('error', finish);
  });
}
