// Serves one `POST /agent.v1.AgentService/Run` (reference §1.3 transport 1, §3.1, §9): reads
// client envelopes incrementally — the first must be run_request — and starts the script at
// once, never waiting for the client to finish sending (§7.2).
import http2, { type ServerHttp2Stream } from 'node:http2';
import { create, fromBinary } from '@bufbuild/protobuf';
import { AgentRunRequestSchema } from '../gen/agent/v1/agent_pb.js';
import { AgentClientMessageSchema, type AgentClientMessage } from '../gen/agent/v1/agent_service_pb.js';
import { EnvelopeDecoder, envelopePayload, FLAG_END_STREAM } from '../proxy/cursor/envelope.js';
import { RunResponseWriter } from './response-writer.js';
import { ScriptedRun } from './run-stream.js';
import type { FakeAccount, FakeAccountState } from './account.js';
import { replayBoundsError } from './conversation-state.js';
import type { FakeError, FakeRunRecord, RunScript } from './types.js';

export function handleRun(
  stream: ServerHttp2Stream,
  headers: Record<string, string>,
  script: RunScript,
  keep: (record: FakeRunRecord) => void,
  /** Why the bearer token is refused (missing, revoked, expired), if it is. */
  authError: FakeError | undefined,
  account: FakeAccount,
): void {
  const record: FakeRunRecord = {
    headers,
    request: create(AgentRunRequestSchema),
    received: [],
    bytesReceived: 0,
    clientAborted: false,
    ended: false,
    execs: [],
  };
  keep(record);
  const writer = new RunResponseWriter(stream, () => {
    record.ended = true;
  });
  let run: ScriptedRun | undefined;

  stream.on('close', () => {
    // A client RST_STREAM(CANCEL) can arrive after the script already ended the response
    // (Node delivers it as a half-close first), so the reset code decides, not the writer.
    if (writer.finished && stream.rstCode !== http2.constants.NGHTTP2_CANCEL) return;
    record.clientAborted = true;
    record.receivedBeforeAbort = record.received.length;
    record.abortedAt = performance.now();
    run?.clientAborted();
  });

  // Connect streams report errors in the end-stream frame, so a refused token is a 200 with
  // an `unauthenticated` end-stream error; the body is not read.
  if (authError) {
    writer.fail(authError);
    return;
  }

  const decoder = new EnvelopeDecoder();
  stream.on('data', (chunk: Buffer) => {
    record.bytesReceived += chunk.length;
    for (const envelope of decoder.push(chunk)) {
      // Clients never need an end-stream frame (§3.1); ignore one if sent.
      if (envelope.flags & FLAG_END_STREAM) continue;
      let message: AgentClientMessage;
      try {
        // Room for the 100-level tool schemas the gateway admits (two messages per JSON level).
        message = fromBinary(AgentClientMessageSchema, envelopePayload(envelope), { recursionLimit: 512 });
      } catch {
        writer.fail({ code: 'invalid_argument', message: 'malformed AgentClientMessage' });
        continue;
      }
      record.received.push(message);
      if (run) run.receive(message);
      else if (message.message.case === 'runRequest') {
        record.request = message.message.value;
        run = new ScriptedRun(record, writer);
        // The account decides before the script: stale client, unknown or gated model, used-up pool.
        const modelId = record.request.modelDetails?.modelId ?? '';
        const refusal = account.admitRun(modelId, headers['x-cursor-client-version']);
        if (refusal) writer.fail(refusal);
        else startScript(withReplayBounds(script, account.replayBoundsFor(modelId)), run, record, writer);
      } else writer.fail({ code: 'invalid_argument', message: 'the first message must be run_request' });
    }
  });
  stream.on('end', () => {
    if (run) run.inputEnded();
    else writer.fail({ code: 'invalid_argument', message: 'the request ended without a run_request' });
  });
}

function startScript(script: RunScript, run: ScriptedRun, record: FakeRunRecord, writer: RunResponseWriter): void {
  // Deferred a tick so that a script throwing synchronously is handled like a rejected one.
  Promise.resolve(run).then(script).then(
    () => run.end(),
    (error: unknown) => {
      // A script that stopped because the client went away failed for no reason of its own.
      if (run.aborted.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      record.scriptError = message;
      writer.fail({ code: 'internal', message: `fake script failed: ${message}` });
    },
  );
}

/** The script, behind the account's bound on rebuilt histories when the model has one. */
function withReplayBounds(script: RunScript, bounds: FakeAccountState['replayBounds']): RunScript {
  if (!bounds) return script;
  return async (run) => {
    const error = await replayBoundsError(run, bounds);
    if (error) return run.fail(error);
    await script(run);
  };
}
