// Folds a SQLite write-ahead log into a copy of its database, the way a reader sees it. A
// database in WAL mode whose owner is running (the Cursor IDE) keeps its newest commits in
// `<file>-wal` until a checkpoint; sql.js reads a copy of the main file only, so without this an
// import could read tokens the IDE has since replaced. Format: sqlite.org/fileformat.html §4.
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;

/**
 * The database as of the WAL's last valid commit (frames whose salts and running checksum match,
 * up to the last one that ends a transaction). Returns `db` itself when the log holds no commit.
 */
export function applyWal(db: Buffer, wal: Buffer): Buffer {
  if (wal.length < WAL_HEADER_BYTES) return db;
  const magic = wal.readUInt32BE(0);
  if (magic !== MAGIC_LITTLE_ENDIAN && magic !== MAGIC_BIG_ENDIAN) return db;
  const bigEndian = magic === MAGIC_BIG_ENDIAN;
  const pageSize = wal.readUInt32BE(8);
  const salts = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let sum = checksum(wal.subarray(0, 24), [0, 0], bigEndian);
  if (sum[0] !== wal.readUInt32BE(24) || sum[1] !== wal.readUInt32BE(28)) return db;

  const committed = new Map<number, Buffer>();
  const pending = new Map<number, Buffer>();
  let committedPages = 0;
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salts[0] || wal.readUInt32BE(at + 12) !== salts[1]) break;
    const page = wal.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + pageSize);
    sum = checksum(page, checksum(wal.subarray(at, at + 8), sum, bigEndian), bigEndian);
    if (sum[0] !== wal.readUInt32BE(at + 16) || sum[1] !== wal.readUInt32BE(at + 20)) break;
    pending.set(wal.readUInt32BE(at), page);
    const pagesAfterCommit = wal.readUInt32BE(at + 4);
    if (pagesAfterCommit !== 0) {
      for (const [number, content] of pending) committed.set(number, content);
      pending.clear();
      committedPages = pagesAfterCommit;
    }
  }
  if (committedPages === 0) return db;

  const out = Buffer.alloc(committedPages * pageSize);
  db.copy(out, 0, 0, Math.min(db.length, out.length));
  for (const [number, content] of committed) if (number <= committedPages) content.copy(out, (number - 1) * pageSize);
  return out;
}

/** SQLite's WAL checksum: pairs of 32-bit words in the log's byte order, continued from `[s0, s1]`. */
function checksum(data: Buffer, [s0, s1]: number[], bigEndian: boolean): number[] {
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0! + x0 + s1!) >>> 0;
    s1 = (s1! + x1 + s0) >>> 0;
  }
  return [s0!, s1!];
}
