// Promises settled from the outside, and a table of them keyed by correlation id.

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: Error): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A script that never awaits a reply it asked for must not crash the process on rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * Replies the server waits for, keyed by the id it put in its request (exec id, kv id,
 * interaction id). Once closed, every pending and future wait rejects: no reply can come.
 */
export class PendingReplies<T> {
  private readonly waiting = new Map<number, Deferred<T>>();
  private closedBy: Error | undefined;

  expect(id: number): Promise<T> {
    const reply = deferred<T>();
    if (this.closedBy) reply.reject(this.closedBy);
    else this.waiting.set(id, reply);
    return reply.promise;
  }

  /** Settles the wait for `id`; false when nobody waits for it (unknown or duplicate reply). */
  settle(id: number, value: T): boolean {
    const reply = this.waiting.get(id);
    if (!reply) return false;
    this.waiting.delete(id);
    reply.resolve(value);
    return true;
  }

  close(reason: Error): void {
    this.closedBy ??= reason;
    for (const reply of this.waiting.values()) reply.reject(reason);
    this.waiting.clear();
  }
}
