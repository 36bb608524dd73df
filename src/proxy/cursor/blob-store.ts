// The client side of Cursor's KV channel (reference §4.8): content-addressed blobs, id = raw
// 32-byte SHA-256 of the bytes, keyed here by its lower-hex form. Bounded by total bytes,
// least recently used first out, so a long-lived engine cannot grow without limit.
import { hash } from 'node:crypto';

export const DEFAULT_BLOB_STORE_MAX_BYTES = 64 * 1024 * 1024;

export function blobIdOf(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

export function blobIdHex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

export class BlobStore {
  /** Insertion order = recency: the first entry is the least recently used. */
  private readonly blobs = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_BLOB_STORE_MAX_BYTES) {}

  /** Stores `data` under its own SHA-256; returns the raw id. */
  put(data: Uint8Array): Uint8Array {
    // One-shot hash straight to the key: a run request puts one blob per history message.
    const key = hash('sha256', data, 'hex');
    this.store(key, data);
    return new Uint8Array(Buffer.from(key, 'hex'));
  }

  /** Stores `data` under an id chosen by Cursor (set_blob_args). */
  set(id: Uint8Array, data: Uint8Array): void {
    this.store(blobIdHex(id), data);
  }

  get(id: Uint8Array): Uint8Array | undefined {
    const key = blobIdHex(id);
    const data = this.blobs.get(key);
    if (data === undefined) return undefined;
    this.blobs.delete(key);
    this.blobs.set(key, data);
    return data;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.blobs.size;
  }

  private store(key: string, data: Uint8Array): void {
    this.delete(key);
    this.blobs.set(key, data);
    this.bytes += data.length;
    this.evict();
  }

  /** Drops least recently used blobs until under the bound; the newest blob always stays. */
  private evict(): void {
    for (const key of this.blobs.keys()) {
      if (this.bytes <= this.maxBytes || this.blobs.size <= 1) return;
      this.delete(key);
    }
  }

  private delete(key: string): void {
    const old = this.blobs.get(key);
    if (old === undefined) return;
    this.blobs.delete(key);
    this.bytes -= old.length;
  }
}
