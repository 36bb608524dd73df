import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruMap } from '../../src/proxy/util/lru-map.js';

/** Evicts down to `size` entries; returns what went, in order. */
function evictTo<K, V>(map: LruMap<K, V>, size: number): Array<[K, V]> {
  const evicted: Array<[K, V]> = [];
  map.evictWhile(() => map.size > size, (key, value) => evicted.push([key, value]));
  return evicted;
}

describe('LruMap', () => {
  it('evicts the least recently used entries first', () => {
    const map = new LruMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    assert.equal(map.get('a'), 1); // order of use now: b, c, a
    assert.deepEqual(evictTo(map, 2), [['b', 2]]);
    assert.deepEqual(evictTo(map, 0), [['c', 3], ['a', 1]]);
    assert.equal(map.get('a'), undefined);
  });

  it('counts setting a key again as a use, keeping the new value', () => {
    const map = new LruMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    assert.equal(map.size, 2);
    assert.deepEqual(evictTo(map, 1), [['b', 2]]);
    assert.equal(map.get('a'), 10);
  });

  it('keeps its order through many uses of few entries', () => {
    const map = new LruMap<number, number>();
    for (let i = 0; i < 5; i++) map.set(i, i);
    for (const key of [3, 1, 3, 4, 0]) map.get(key);
    assert.deepEqual(evictTo(map, 0).map(([key]) => key), [2, 1, 3, 4, 0]);
  });

  it('deletes an entry from both its map and its order', () => {
    const map = new LruMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    assert.equal(map.delete('b'), 2);
    assert.equal(map.delete('b'), undefined);
    assert.deepEqual(evictTo(map, 0), [['a', 1], ['c', 3]]);
  });
});
