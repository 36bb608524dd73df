// An append-only text file that rotates by size: `name.jsonl` is written, and when the next
// write would pass maxBytes it becomes `name.1.jsonl` (older ones shift up, the oldest beyond
// keepRotated is deleted). Lines are queued and appended together once the current turn of the
// event loop is over, so the request path never waits on the disk and a burst costs one write.
//
// The writes are synchronous: appending a few hundred bytes takes ~20 µs that way (open, write,
// close), where fs.promises took ~100 µs of CPU per request through the thread pool and queued
// other disk work (the settings stat) behind it. Opening the file by name each time keeps
// working when someone removes the folder while the gateway runs.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** Base name without extension, e.g. `requests` → requests.jsonl, requests.1.jsonl, … */
  name: string;
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  keepRotated: number;
  /** Told when a write fails (disk full, no permission); the lines are dropped, serving goes on. */
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
  /** The live file's size as written by this process; read from the disk when unknown. */
  private size?: number;
  private scheduled?: NodeJS.Immediate;

  constructor(private readonly options: RotatingFileOptions) {
    this.paths = rotatedPaths(options.dir, options.name, options.keepRotated);
  }

  /** Queues one line (no newline in it). */
  append(line: string): void {
    this.pending.push(line + '\n');
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Writes everything appended so far now. */
  async flush(): Promise<void> {
    this.drain();
  }

  private drain(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const lines = this.pending;
    this.pending = [];
    if (lines.length === 0) return;
    try {
      this.write(lines);
    } catch (error) {
      this.size = undefined;
      this.options.onError?.(error);
    }
  }

  /** Appends the lines in as few writes as the size cap allows. */
  private write(lines: string[]): void {
    this.size ??= this.sizeOnDisk();
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (this.size + chunkBytes > 0 && this.size + chunkBytes + bytes > this.options.maxBytes) {
        if (chunk) this.appendChunk(chunk);
        this.rotate();
        chunk = '';
        chunkBytes = 0;
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk) this.appendChunk(chunk);
    this.size += chunkBytes;
  }

  private sizeOnDisk(): number {
    return statSync(this.paths[0]!, { throwIfNoEntry: false })?.size ?? 0;
  }

  private appendChunk(chunk: string): void {
    try {
      appendFileSync(this.paths[0]!, chunk, { mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The folder is not there (yet, or any more).
      mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
      appendFileSync(this.paths[0]!, chunk, { mode: 0o600 });
    }
  }

  private rotate(): void {
    rmSync(this.paths.at(-1)!, { force: true });
    for (let index = this.paths.length - 2; index >= 0; index--) {
      try {
        renameSync(this.paths[index]!, this.paths[index + 1]!);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.size = 0;
  }
}
