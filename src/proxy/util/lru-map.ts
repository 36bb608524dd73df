// A Map that forgets what was used least recently, without re-inserting keys on use. Caches
// here are keyed by texts from request bodies (prompts, tool schemas): re-inserting an entry on
// every hit (the usual Map trick) would swap the stored key for the equal string of each new
// request, keeping every request's copy alive a little longer than its request. Recency is a
// linked list through the entries instead, each holding the key it was stored with. One LRU for
// the token memo, the tool sets and the blob store.

interface Entry<K, V> {
  readonly key: K;
  value: V;
  /** Toward the least recently used end. */
  older?: Entry<K, V>;
  /** Toward the most recently used end. */
  newer?: Entry<K, V>;
}

export class LruMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest?: Entry<K, V>;
  private newest?: Entry<K, V>;

  get size(): number {
    return this.entries.size;
  }

  /** The value under `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.unlink(entry);
    this.append(entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      this.unlink(entry);
      this.append(entry);
      return;
    }
    const added: Entry<K, V> = { key, value };
    this.entries.set(key, added);
    this.append(added);
  }

  /** Removes `key`; returns what it held. */
  delete(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.unlink(entry);
    this.entries.delete(key);
    return entry.value;
  }

  /** Removes least recently used entries while `tooMany()` says so, telling `onEvict` of each. */
  evictWhile(tooMany: () => boolean, onEvict: (key: K, value: V) => void = () => {}): void {
    while (this.oldest !== undefined && tooMany()) {
      const entry = this.oldest;
      this.unlink(entry);
      this.entries.delete(entry.key);
      onEvict(entry.key, entry.value);
    }
  }

  private append(entry: Entry<K, V>): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = entry.newer = undefined;
  }
}
