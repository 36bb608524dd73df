// The `thalamus statusline` process: its own small bundle entry (bin/thalamus.js goes straight
// here), so Claude Code's status bar does not pay for loading the gateway. Reads Claude Code's
// JSON from stdin when there is any, the shared meters from the config dir, the Cursor model that
// answered last from the request log's tail, and prints one line.
import { open } from 'node:fs/promises';
import { readEnvConfig } from '../app/config.js';
import { requestLogPaths } from '../log/request-log.js';
import { readSharedMeters } from './meters-file.js';
import { statusLine } from './statusline.js';

/** Claude Code writes its JSON at once; a terminal with nothing piped in must not hang the command. */
const STDIN_WAIT_MS = 300;
const MAX_STDIN_BYTES = 256 * 1024;
/** The log's last line fits in this; a record is well under 2 KB. */
const LOG_TAIL_BYTES = 8 * 1024;
/** An older answer is not "the model now". */
const RECENT_ANSWER_MS = 30 * 60_000;

export async function statuslineCommand(env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const { configDir } = readEnvConfig(env);
  const [input, meters, cursorModel] = await Promise.all([readStdinJson(), readSharedMeters(configDir), lastCursorModel(configDir)]);
  const model = (input as { model?: { display_name?: unknown; id?: unknown } } | undefined)?.model;
  const clientModel = typeof model?.display_name === 'string' ? model.display_name : typeof model?.id === 'string' ? model.id : undefined;
  out(statusLine({ meters, clientModel, cursorModel, now: new Date(), color: env.NO_COLOR === undefined }) + '\n');
  return 0;
}

/** The Cursor model of the request log's last record, when it is recent; read from the file's tail only. */
async function lastCursorModel(configDir: string): Promise<string | undefined> {
  try {
    const file = await open(requestLogPaths(configDir)[0]!, 'r');
    try {
      const { size } = await file.stat();
      const length = Math.min(size, LOG_TAIL_BYTES);
      const { buffer } = await file.read(Buffer.alloc(length), 0, length, size - length);
      const lines = buffer.toString('utf8').trimEnd().split('\n');
      const last = JSON.parse(lines.at(-1)!) as { time?: unknown; cursorModel?: unknown };
      const recent = typeof last.time === 'string' && Date.now() - Date.parse(last.time) < RECENT_ANSWER_MS;
      return recent && typeof last.cursorModel === 'string' ? last.cursorModel : undefined;
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
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
