// The server side of one Run response. Headers go out lazily with the first frame, so a script
// that stalls before writing anything is a stall before the first byte, and `fail` can still
// choose an HTTP status instead of a 200 (reference §3.1, §5.5).
import http2, { type ServerHttp2Stream } from 'node:http2';
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { AgentServerMessageSchema } from '../gen/agent/v1/agent_service_pb.js';
import { encodeEnvelope, FLAG_END_STREAM } from '../proxy/cursor/envelope.js';
import { connectErrorJson, endStreamErrorJson } from './errors.js';
import type { FakeError } from './types.js';

export type ServerMessageInit = MessageInitShape<typeof AgentServerMessageSchema>;

export const CONNECT_STREAM_CONTENT_TYPE = 'application/connect+proto';

export class RunResponseWriter {
  private finishedState = false;

  constructor(
    private readonly stream: ServerHttp2Stream,
    private readonly onFinish: () => void,
  ) {}

  /** The server ended, failed or reset the response; nothing more can be written. */
  get finished(): boolean {
    return this.finishedState;
  }

  private get writable(): boolean {
    return !this.finishedState && !this.stream.destroyed && !this.stream.closed;
  }

  /** Writes one AgentServerMessage envelope; false when the response is already over. */
  send(message: ServerMessageInit): boolean {
    if (!this.writable) return false;
    this.respondOnce();
    this.stream.write(encodeEnvelope(0, toBinary(AgentServerMessageSchema, create(AgentServerMessageSchema, message))));
    return true;
  }

  /** Ends the response with the success end-stream frame `{}`. */
  end(): void {
    this.endWith('{}');
  }

  /** Ends the response with an error: an end-stream error, or an HTTP error when asked and still possible. */
  fail(error: FakeError): void {
    if (!this.writable) return;
    if (error.httpStatus !== undefined && !this.stream.headersSent) {
      this.finish();
      this.stream.respond({
        ':status': error.httpStatus,
        'content-type': 'application/json',
        ...(error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) }),
      });
      this.stream.end(JSON.stringify(connectErrorJson(error)));
      return;
    }
    this.endWith(endStreamErrorJson(error));
  }

  /** RST_STREAM without an end-stream frame. */
  reset(): void {
    if (!this.writable) return;
    this.finish();
    this.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  }

  private endWith(endStreamJson: string): void {
    if (!this.writable) return;
    this.respondOnce();
    this.finish();
    this.stream.end(encodeEnvelope(FLAG_END_STREAM, new TextEncoder().encode(endStreamJson)));
  }

  private respondOnce(): void {
    if (!this.stream.headersSent) this.stream.respond({ ':status': 200, 'content-type': CONNECT_STREAM_CONTENT_TYPE });
  }

  private finish(): void {
    this.finishedState = true;
    this.onFinish();
  }
}
