// One line of the request log: what a client asked, what Cursor answered, how long it took
// and what it cost. Built by the turn driver (http/turn-response.ts); the file log, the UI's
// request list, usage metering and bug reports all read this one shape.

export type { RequestApi, RequestRecord, UsagePool } from '../../shared/request-record.js';
import type { RequestRecord, UsagePool } from '../../shared/request-record.js';

/** Receives each finished request's record. */
export type RecordSink = (record: RequestRecord) => void;

/** `default` (Auto) and Composer models draw on the Auto + Composer pool; the rest on the API pool. */
export function poolOf(cursorModel: string | undefined): UsagePool | undefined {
  if (!cursorModel) return undefined;
  return cursorModel === 'default' || cursorModel.startsWith('composer-') ? 'auto' : 'api';
}

/** Several sinks as one; a sink that throws does not keep the record from the others. */
export function fanOut(sinks: RecordSink[], onError: (error: unknown) => void = () => {}): RecordSink {
  return (record) => {
    for (const sink of sinks) {
      try {
        sink(record);
      } catch (error) {
        onError(error);
      }
    }
  };
}
