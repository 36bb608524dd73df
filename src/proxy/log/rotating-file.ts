// An append-only text file that rotates by size: `name.jsonl` is written, and when the next
// write would pass maxBytes it becomes `name.1.jsonl` (older ones shift up, the oldest beyond
// keepRotated is deleted). Writes are queued and appended in order by one writer, so a burst of
// requests costs one append, and the request path never waits on the disk.
import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** Base name without extension, e.g. `requests` → requests.jsonl, requests.1.jsonl, … */
  name: string;
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  keepRotated: number;
  /** Told when a write fails (disk full, folder removed); the lines are dropped, serving goes on. */
  onError?: (error: unknown) => void;
}

/** The live file first, then rotated ones from newest to oldest. */
export function rotatedPaths(dir: string, name: string, keepRotated: number): string[] {
  const paths = [join(dir, `${name}.jsonl`)];
  for (let index = 1; index <= keepRotated; index++) paths.push(join(dir, `${name}.${index}.jsonl`));
  return paths;
}

export class RotatingFile {
  private readonly paths: string[];
  private pending: string[] = [];
  private size?: number;
  private writing?: Promise<void>;

  constructor(private readonly options: RotatingFileOptions) {
    this.paths = rotatedPaths(options.dir, options.name, options.keepRotated);
  }

  /** Queues one line (no newline in it). */
  append(line: string): void {
    this.pending.push(line + '\n');
    this.writing ??= this.drain();
  }

  /** Resolves once everything appended so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const lines = this.pending;
        this.pending = [];
        try {
          await this.write(lines);
        } catch (error) {
          this.size = undefined;
          this.options.onError?.(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Appends the lines in as few writes as the size cap allows. */
  private async write(lines: string[]): Promise<void> {
    if (this.size === undefined) {
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      this.size = await stat(this.paths[0]!).then((info) => info.size, () => 0);
    }
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (this.size + chunkBytes > 0 && this.size + chunkBytes + bytes > this.options.maxBytes) {
        if (chunk) await appendFile(this.paths[0]!, chunk, { mode: 0o600 });
        await this.rotate();
        chunk = '';
        chunkBytes = 0;
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk) await appendFile(this.paths[0]!, chunk, { mode: 0o600 });
    this.size += chunkBytes;
  }

  private async rotate(): Promise<void> {
    await rm(this.paths.at(-1)!, { force: true });
    for (let index = this.paths.length - 2; index >= 0; index--) {
      await rename(this.paths[index]!, this.paths[index + 1]!).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    this.size = 0;
  }
}
