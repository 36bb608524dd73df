// Connection faults the fake can inject into the next Run streams, for the gateway's retry and
// session handling: a GOAWAY on the stream's session, a stream reset with a chosen code
// (ENHANCE_YOUR_CALM, REFUSED_STREAM, …), or the whole connection dropped. Each fault is used
// once, in the order injected; a Run stream that meets one never reaches the script.
import http2, { type ServerHttp2Stream } from 'node:http2';

export type Fault =
  /** GOAWAY `code` naming the stream before this one as the last processed, so this one is refused. */
  | { kind: 'goaway'; code?: number }
  /** RST_STREAM with `code` (default ENHANCE_YOUR_CALM). */
  | { kind: 'rst'; code?: number }
  /** The connection is destroyed under the stream (the client sees a reset). */
  | { kind: 'connection_reset' };

export class FaultInjector {
  private readonly queue: Fault[] = [];
  /** Faults applied so far, each to one Run stream. */
  applied = 0;

  inject(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  /** Drops faults not yet applied. */
  clear(): void {
    this.queue.length = 0;
  }

  /** Applies the next fault to `stream`; false when none is waiting. */
  applyNext(stream: ServerHttp2Stream): boolean {
    const fault = this.queue.shift();
    if (!fault) return false;
    this.applied++;
    const session = stream.session;
    switch (fault.kind) {
      case 'goaway':
        // Names the client's stream before this one (client ids are odd) as the last processed:
        // the client refuses this one itself. The session then ends.
        session?.goaway(fault.code ?? http2.constants.NGHTTP2_NO_ERROR, Math.max(0, (stream.id ?? 1) - 2));
        stream.on('close', () => session?.close());
        break;
      case 'rst':
        stream.close(fault.code ?? http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
        break;
      case 'connection_reset':
        session?.destroy();
        break;
    }
    return true;
  }
}
