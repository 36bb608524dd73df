// The physical floor: a client that talks to the fake Cursor server directly over HTTP/2, the
// way the engine does (same session reuse, same headers, the same framed run request bytes),
// and decodes every server frame, but has no HTTP front end, translation or SSE in between.
import { randomUUID } from 'node:crypto';
import http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import { fromBinary } from '@bufbuild/protobuf';
import { AgentServerMessageSchema } from '../../src/gen/agent/v1/agent_service_pb.js';
import { EnvelopeDecoder, envelopePayload, FLAG_END_STREAM } from '../../src/proxy/cursor/envelope.js';
import { runHeaders } from '../../src/proxy/cursor/headers.js';
import { RUN_PATH } from '../../src/proxy/cursor/run.js';

export interface DirectRunTiming {
  /** ms from opening the stream to the first response byte. */
  firstByteMs: number;
  /** ms from opening the stream to decoding the first text delta (-1: none). */
  firstTextMs: number;
  /** ms from opening the stream to the end-stream frame. */
  totalMs: number;
  bytes: number;
  textDeltas: number;
}

export class DirectClient {
  private readonly session: http2.ClientHttp2Session;

  constructor(fakeUrl: string) {
    this.session = http2.connect(fakeUrl);
    this.session.on('error', () => {});
  }

  /** One Run call: writes `framedRequest` (and keeps its side open, as the engine does) until the end-stream frame. */
  run(framedRequest: Uint8Array): Promise<DirectRunTiming> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const requestId = randomUUID();
      const headers = runHeaders({ accessToken: 'bench-cursor-token', clientVersion: 'cli-2026.01.17-d239e66', requestId });
      const stream = this.session.request({ ':method': 'POST', ':path': RUN_PATH, ...headers });
      const decoder = new EnvelopeDecoder();
      let firstByteMs = -1;
      let firstTextMs = -1;
      let bytes = 0;
      let textDeltas = 0;
      stream.on('data', (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        for (const envelope of decoder.push(chunk)) {
          if (envelope.flags & FLAG_END_STREAM) {
            stream.close();
            resolve({ firstByteMs, firstTextMs, totalMs: performance.now() - started, bytes, textDeltas });
            return;
          }
          const message = fromBinary(AgentServerMessageSchema, envelopePayload(envelope)).message;
          if (message.case === 'interactionUpdate' && message.value.message.case === 'textDelta') {
            if (textDeltas++ === 0) firstTextMs = performance.now() - started;
          }
        }
      });
      stream.on('error', reject);
      stream.on('close', () => reject(new Error('the Run stream closed before its end-stream frame')));
      stream.write(framedRequest);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.session.close(() => resolve()));
  }
}
