// Reads a few values from a key/value table of someone else's SQLite database, strictly
// read-only. Library choice: sql.js, SQLite compiled to WebAssembly, so installing Thalamus
// compiles nothing (Node 20 has no `node:sqlite`; better-sqlite3 needs a compiler where its
// prebuilt download is unreachable). sql.js works on a copy of the file in memory, so the file
// itself is never opened for writing; commits still in its write-ahead log are folded in
// (sqlite-wal.ts). Loaded only when an import asks for it (~0.7 MB of WASM).
import { access, readFile } from 'node:fs/promises';
import { applyWal } from './sqlite-wal.js';

/** The values for `keys` (missing keys absent); undefined when the database file does not exist. */
export async function readSqliteValues(dbPath: string, table: string, keys: readonly string[]): Promise<Map<string, string> | undefined> {
  try {
    await access(dbPath);
  } catch {
    return undefined;
  }
  if (!/^\w+$/.test(table)) throw new Error(`bad table name ${table}`);
  const [{ default: initSqlJs }, bytes, wal] = await Promise.all([import('sql.js'), readFile(dbPath), readFile(`${dbPath}-wal`).catch(() => undefined)]);
  const image = wal ? applyWal(bytes, wal) : bytes;
  // File format versions 2/2 mark WAL mode; the in-memory copy has no log beside it.
  if (image[18] === 2) image[18] = image[19] = 1;
  const SQL = await initSqlJs();
  const db = new SQL.Database(image);
  try {
    const statement = db.prepare(`SELECT value FROM ${table} WHERE key = ?`);
    const values = new Map<string, string>();
    try {
      for (const key of keys) {
        statement.bind([key]);
        if (statement.step()) {
          const [value] = statement.get();
          if (typeof value === 'string') values.set(key, value);
          else if (value instanceof Uint8Array) values.set(key, Buffer.from(value).toString('utf8'));
        }
        statement.reset();
      }
    } finally {
      statement.free();
    }
    return values;
  } finally {
    db.close();
  }
}
