// Who watches the Cursor messages of the current turn (traffic capture, log/capture.ts). The
// turn driver runs a captured turn inside observeUpstream(); a CursorRun picks the observer up
// when it starts or takes tool results, so the engine carries no parameter for it. Nothing is
// set (and AsyncLocalStorage costs nothing) while capture is off.
import { AsyncLocalStorage } from 'node:async_hooks';

/** One message on the Run stream, decoded from protobuf to its JSON form. */
export type UpstreamObserver = (direction: 'sent' | 'received', message: unknown) => void;

const current = new AsyncLocalStorage<UpstreamObserver>();

export function observeUpstream<T>(observer: UpstreamObserver, turn: () => T): T {
  return current.run(observer, turn);
}

export function currentUpstreamObserver(): UpstreamObserver | undefined {
  return current.getStore();
}
