import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { BlobStore, blobIdHex } from '../../src/proxy/cursor/blob-store.js';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('BlobStore (reference §4.8)', () => {
  it('keys blobs by the raw 32-byte SHA-256 of their content', () => {
    const store = new BlobStore();
    const data = new TextEncoder().encode('hello');
    const id = store.put(data);
    assert.equal(id.length, 32);
    assert.equal(blobIdHex(id), createHash('sha256').update('hello').digest('hex'));
    assert.deepEqual(store.get(id), data);
    assert.equal(store.get(new Uint8Array(32)), undefined);
  });

  it('stores under an id chosen by the server', () => {
    const store = new BlobStore();
    const id = new Uint8Array(32).fill(7);
    store.set(id, bytes(3, 1));
    assert.deepEqual(store.get(id), bytes(3, 1));
  });

  it('evicts the least recently used blobs beyond its byte bound', () => {
    const store = new BlobStore(250);
    const a = store.put(bytes(100, 1));
    const b = store.put(bytes(100, 2));
    store.get(a); // a is now more recent than b
    const c = store.put(bytes(100, 3));
    assert.equal(store.get(b), undefined);
    assert.ok(store.get(a));
    assert.ok(store.get(c));
    assert.equal(store.totalBytes, 200);
  });

  it('keeps a single blob larger than the bound, alone', () => {
    const store = new BlobStore(10);
    store.put(bytes(5, 1));
    const big = store.put(bytes(50, 2));
    assert.equal(store.size, 1);
    assert.ok(store.get(big));
  });

  it('does not count a re-stored blob twice', () => {
    const store = new BlobStore();
    store.put(bytes(10, 1));
    store.put(bytes(10, 1));
    assert.equal(store.totalBytes, 10);
  });
});
