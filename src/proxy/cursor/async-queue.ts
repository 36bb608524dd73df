// An unbounded single-consumer queue: the run pushes events as frames arrive, the engine pulls
// them at its own pace (a parked run keeps buffering until a continuation takes it).

export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiter?: (item: T | undefined) => void;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve(item);
    } else {
      this.items.push(item);
    }
  }

  /** No more items will come; items already queued can still be pulled. */
  close(): void {
    this.closed = true;
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.(undefined);
  }

  /** The item `next()` would return now without waiting, if any. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Takes the item `peek()` shows. */
  take(): T | undefined {
    return this.items.shift();
  }

  /** The next item; undefined once closed and drained, or when `signal` aborts. */
  next(signal?: AbortSignal): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    if (this.waiter) throw new Error('AsyncQueue has a single consumer');
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.waiter === settle) this.waiter = undefined;
        resolve(undefined);
      };
      const settle = (item: T | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(item);
      };
      this.waiter = settle;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
