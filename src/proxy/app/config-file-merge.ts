// Merging Thalamus's settings into a client's own config file (Claude Code's settings.json,
// Codex's config.toml): a preview, a timestamped backup of the old file, an atomic write, and an
// undo that refuses when someone changed the file since. The merge itself (what to set, and
// what is kept) belongs to each client's module.
import { constants } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import type { ConfigFileApplied, ConfigFilePreview } from '../../shared/thalamus-api.js';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';

/** A config file we refuse to change (unreadable, wrongly shaped), or an undo we cannot do. */
export class ConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigFileError';
  }
}

/** What apply wrote, so undo can put things back (and notice when someone else changed the file since). */
export interface ConfigFileChange extends ConfigFileApplied {
  written: string;
}

/** A merge's text, with what it changed that the user did not ask for, in words (shown with the preview and the result). */
export interface MergedText {
  text: string;
  notes: string[];
}

/** The file's text (undefined when missing) → the merged text; throws ConfigFileError to refuse. */
export type ConfigMerge = (before: string | undefined) => string | MergedText;

function merged(merge: ConfigMerge, before: string | undefined): MergedText {
  const result = merge(before);
  return typeof result === 'string' ? { text: result, notes: [] } : result;
}

/** Notes only when there are some: most merges have none. */
const withNotes = (notes: string[]) => (notes.length ? { notes } : {});

export async function previewConfigFile(path: string, merge: ConfigMerge): Promise<ConfigFilePreview> {
  const before = await readFileIfExists(path);
  const { text, notes } = merged(merge, before);
  return { path, before: before ?? '', after: text, ...withNotes(notes) };
}

/** Backs the current file up next to it (timestamped), then writes the merge atomically. */
export async function applyConfigFile(path: string, merge: ConfigMerge, now: () => Date = () => new Date()): Promise<ConfigFileChange> {
  const before = await readFileIfExists(path);
  const { text: written, notes } = merged(merge, before);
  let backupPath: string | undefined;
  if (before !== undefined) {
    backupPath = `${path}.${now().toISOString().replace(/[:.]/g, '-')}.bak`;
    // Never overwrite an older backup: two applies in the same millisecond fail rather than lose one.
    await copyFile(path, backupPath, constants.COPYFILE_EXCL);
  }
  // 0600: the file may now hold the client key.
  await writeFileAtomic(path, written);
  return { path, backupPath, written, ...withNotes(notes) };
}

/** Puts the file back as it was before `change`: the backup returns, or a file we created goes. */
export async function undoConfigFile(change: ConfigFileChange): Promise<void> {
  const current = await readFileIfExists(change.path);
  if (current !== undefined && current !== change.written) {
    throw new ConfigFileError(
      `${change.path} changed after Thalamus wrote it; not undoing` + (change.backupPath ? ` (the old file is at ${change.backupPath})` : ''),
    );
  }
  if (change.backupPath) {
    try {
      await rename(change.backupPath, change.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new ConfigFileError(`the backup ${change.backupPath} is gone; not undoing`);
    }
  } else {
    await rm(change.path, { force: true });
  }
}

/** One client's config file as the UI manages it: preview, apply (remembered), undo the last apply. */
export class ConfigFileExporter {
  private last: ConfigFileChange | undefined;

  /** `merge` is asked afresh each time: the gateway's URL and the settings may have changed. */
  constructor(
    private readonly client: string,
    private readonly path: string,
    private readonly merge: () => ConfigMerge | Promise<ConfigMerge>,
  ) {}

  async preview(): Promise<ConfigFilePreview> {
    return previewConfigFile(this.path, await this.merge());
  }

  async apply(): Promise<ConfigFileApplied> {
    this.last = await applyConfigFile(this.path, await this.merge());
    const { path, backupPath, notes } = this.last;
    return { path, backupPath, ...(notes ? { notes } : {}) };
  }

  async undo(): Promise<void> {
    if (!this.last) throw new ConfigFileError(`Nothing to undo: Thalamus has not changed the ${this.client} settings since it started.`);
    await undoConfigFile(this.last);
    this.last = undefined;
  }
}
