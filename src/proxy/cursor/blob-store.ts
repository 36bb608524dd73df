// The client side of Cursor's KV channel (reference §4.8): content-addressed blobs, id = raw
// 32-byte SHA-256 of the bytes, keyed here by its lower-hex form. Bounded by total bytes,
// least recently used first out, so a long-lived engine cannot grow without limit.
import { hash } from 'node:crypto';
import { LruMap } from '../util/lru-map.js';

export const DEFAULT_BLOB_STORE_MAX_BYTES = 64 * 1024 * 1024;

export function blobIdOf(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

export function blobIdHex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

/** What putRendered renders a blob from: texts that determine it, and a digest of them to look them up by. */
export interface BlobSource {
  /** Equal texts give equal digests; unequal texts may too (they are told apart by comparing). */
  digest: number;
  texts: readonly string[];
}

interface Blob {
  data: Uint8Array;
  /** What putRendered rendered it from, and the raw id it returns: kept to find the blob again without rendering. */
  source?: BlobSource;
  id?: Uint8Array;
}

export class BlobStore {
  private readonly blobs = new LruMap<string, Blob>();
  /**
   * Blobs Cursor minted (set_blob_args), kept apart with a bound of their own: a kept checkpoint
   * references them, and the history blobs a long session puts on every turn must not push
   * them out (cursor-limits.md §6).
   */
  private readonly minted = new LruMap<string, Uint8Array>();
  private mintedBytes = 0;
  /** source digest → blob key, for blobs stored by putRendered. */
  private readonly keysByDigest = new Map<number, string>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_BLOB_STORE_MAX_BYTES) {}

  /** Stores `data` under its own SHA-256; returns the raw id. */
  put(data: Uint8Array): Uint8Array {
    return idOfKey(this.putBlob({ data }));
  }

  /**
   * The id of the blob `render()` makes of `source`, rendering, hashing and storing it only if
   * no stored blob came from the same texts. A session's whole history is resent on every turn,
   * and only its tail is new: the rest is found by its digest and a compare of its texts
   * instead of ~10 ms of JSON and SHA-256 per MB. (Keyed by the texts themselves, the map
   * would hash every character: ~3 ms per MB.) The texts count toward the bound. The id
   * returned is the store's own: do not modify it.
   */
  putRendered(source: BlobSource, render: () => Uint8Array): Uint8Array {
    return this.rendered(source, render).id!;
  }

  /**
   * Bytes of the blob `render()` makes of `source`, stored as putRendered stores it: a long
   * history is sized on every turn (replay-bounds.ts), also where it is sent packed.
   */
  renderedSize(source: BlobSource, render: () => Uint8Array): number {
    return this.rendered(source, render).data.length;
  }

  private rendered(source: BlobSource, render: () => Uint8Array): Blob {
    const known = this.keysByDigest.get(source.digest);
    const blob = known === undefined ? undefined : this.blobs.get(known);
    if (blob?.source !== undefined && blob.id !== undefined && sameTexts(blob.source.texts, source.texts)) return blob;
    const stored: Blob = { data: render(), source };
    const key = this.putBlob(stored);
    stored.id = idOfKey(key);
    // Sources that share a digest, or render the same bytes, take the entry from each other.
    this.keysByDigest.set(source.digest, key);
    return stored;
  }

  /** Stores `data` under an id chosen by Cursor (set_blob_args). */
  set(id: Uint8Array, data: Uint8Array): void {
    const key = blobIdHex(id);
    this.mintedBytes -= this.minted.delete(key)?.length ?? 0;
    this.minted.set(key, data);
    this.mintedBytes += data.length;
    this.minted.evictWhile(
      () => this.mintedBytes > this.maxBytes && this.minted.size > 1,
      (_key, old) => (this.mintedBytes -= old.length),
    );
  }

  get(id: Uint8Array): Uint8Array | undefined {
    const key = blobIdHex(id);
    return this.blobs.get(key)?.data ?? this.minted.get(key);
  }

  get totalBytes(): number {
    return this.bytes + this.mintedBytes;
  }

  get size(): number {
    return this.blobs.size + this.minted.size;
  }

  private putBlob(blob: Blob): string {
    // One-shot hash straight to the key: a run request puts one blob per history message.
    const key = hash('sha256', blob.data, 'hex');
    this.store(key, blob);
    return key;
  }

  private store(key: string, blob: Blob): void {
    this.forget(key, this.blobs.delete(key));
    this.blobs.set(key, blob);
    this.bytes += sizeOf(blob);
    // The newest blob always stays, even alone over the bound.
    this.blobs.evictWhile(
      () => this.bytes > this.maxBytes && this.blobs.size > 1,
      (evicted, old) => this.forget(evicted, old),
    );
  }

  /** Accounts for `old`, no longer stored under `key`. */
  private forget(key: string, old: Blob | undefined): void {
    if (old === undefined) return;
    this.bytes -= sizeOf(old);
    if (old.source !== undefined && this.keysByDigest.get(old.source.digest) === key) this.keysByDigest.delete(old.source.digest);
  }
}

function idOfKey(key: string): Uint8Array {
  return new Uint8Array(Buffer.from(key, 'hex'));
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, i) => text === b[i]);
}

/** A source is held in memory as long as its blob: it counts (as UTF-16 code units, 2 bytes each). */
function sizeOf(blob: Blob): number {
  if (blob.source === undefined) return blob.data.length;
  return blob.data.length + 2 * blob.source.texts.reduce((sum, text) => sum + text.length, 0);
}
