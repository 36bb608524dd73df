// Reads a few values from a key/value table of someone else's SQLite database, strictly
// read-only. Library choice: better-sqlite3 (built from source here: its prebuilt download is
// unreachable). It opens with `readonly` + `fileMustExist`, so the file is never created or
// written, and it reads a database in WAL mode while its owner (the Cursor IDE) runs. Node 20
// has no `node:sqlite`; sql.js would load the whole file into memory and miss the WAL.
// Loaded lazily: without the native module the import says so and everything else works.
import { access } from 'node:fs/promises';

/** The values for `keys` (missing keys absent); undefined when the database file does not exist. */
export async function readSqliteValues(dbPath: string, table: string, keys: readonly string[]): Promise<Map<string, string> | undefined> {
  try {
    await access(dbPath);
  } catch {
    return undefined;
  }
  if (!/^\w+$/.test(table)) throw new Error(`bad table name ${table}`);
  const { default: Database } = await import('better-sqlite3');
  // A busy writer (the IDE mid-checkpoint) gets a moment before we give up.
  const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 2_000 });
  try {
    const statement = db.prepare<[string], { value: unknown }>(`SELECT value FROM ${table} WHERE key = ?`);
    const values = new Map<string, string>();
    for (const key of keys) {
      const row = statement.get(key);
      if (row === undefined) continue;
      const value = Buffer.isBuffer(row.value) ? row.value.toString('utf8') : row.value;
      if (typeof value === 'string') values.set(key, value);
    }
    return values;
  } finally {
    db.close();
  }
}
