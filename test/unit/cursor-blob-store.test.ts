import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { BlobStore, blobIdHex, blobIdOf } from '../../src/proxy/cursor/blob-store.js';

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

  describe('putRendered', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const source = (digest: number, ...texts: string[]) => ({ digest, texts });

    it('renders a source once, under the id of what it rendered', () => {
      const store = new BlobStore();
      let renders = 0;
      const render = () => (renders++, text('{"role":"user"}'));
      const first = store.putRendered(source(1, 'user', 'hi'), render);
      // Equal texts, other string objects: found without rendering.
      const again = store.putRendered(source(1, 'user', ['h', 'i'].join('')), render);
      assert.equal(renders, 1);
      assert.deepEqual(again, first);
      assert.deepEqual(first, blobIdOf(text('{"role":"user"}')));
      assert.deepEqual(store.get(first), text('{"role":"user"}'));
    });

    it('sizes a source as putRendered stores it, rendering it once for both', () => {
      const store = new BlobStore();
      let renders = 0;
      const render = () => (renders++, text('{"role":"assistant"}'));
      assert.equal(store.renderedSize(source(3, 'assistant', 'ok'), render), 20);
      assert.equal(store.renderedSize(source(3, 'assistant', 'ok'), render), 20);
      const id = store.putRendered(source(3, 'assistant', 'ok'), render);
      assert.equal(renders, 1);
      assert.deepEqual(store.get(id), text('{"role":"assistant"}'));
    });

    it('renders texts that only share a digest with a stored source', () => {
      const store = new BlobStore();
      const a = store.putRendered(source(7, 'user', 'a'), () => text('A'));
      const b = store.putRendered(source(7, 'user', 'b'), () => text('B'));
      assert.notDeepEqual(a, b);
      assert.deepEqual(store.get(b), text('B'));
      assert.deepEqual(store.putRendered(source(7, 'user', 'a'), () => text('A')), a);
    });

    it('renders again once the blob was evicted, and counts the texts it keeps', () => {
      const store = new BlobStore(100);
      let renders = 0;
      const id = store.putRendered(source(1, 'aaaa'), () => (renders++, bytes(40, 1)));
      assert.equal(store.totalBytes, 40 + 2 * 4);
      store.put(bytes(60, 2)); // 48 + 60 > 100: the rendered blob goes, and its source with it
      assert.equal(store.get(id), undefined);
      assert.deepEqual(store.putRendered(source(1, 'aaaa'), () => (renders++, bytes(40, 1))), id);
      assert.equal(renders, 2);
      assert.ok(store.get(id));
    });

    it('lets the newer of two sources rendering the same bytes own the blob', () => {
      const store = new BlobStore();
      const renders: string[] = [];
      const render = (name: string) => () => (renders.push(name), bytes(8, 3));
      store.putRendered(source(1, 'one'), render('one'));
      store.putRendered(source(2, 'two'), render('two'));
      store.putRendered(source(2, 'two'), render('two'));
      store.putRendered(source(1, 'one'), render('one'));
      assert.deepEqual(renders, ['one', 'two', 'one']);
      assert.equal(store.size, 1);
      assert.equal(store.totalBytes, 8 + 2 * 3);
    });
  });
});
