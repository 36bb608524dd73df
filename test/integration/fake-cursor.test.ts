// The fake Cursor server, driven by a raw node:http2 client speaking the wire protocol.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http2, { type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { create, fromBinary, fromJson, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import type { ModelDetailsSchema } from '../../src/gen/agent/v1/agent_pb.js';
import {
  AgentClientMessageSchema,
  AgentServerMessageSchema,
  GetUsableModelsRequestSchema,
  GetUsableModelsResponseSchema,
  type AgentServerMessage,
} from '../../src/gen/agent/v1/agent_service_pb.js';
import { ErrorDetailsSchema, ErrorDetails_Error } from '../../src/gen/aiserver/v1/error_details_pb.js';
import { EnvelopeDecoder, encodeEnvelope, FLAG_END_STREAM } from '../../src/proxy/cursor/envelope.js';
import { demoScript, interactionVerdict, startFakeCursor, type FakeCursor, type FakeCursorOptions } from '../../src/fake-cursor/index.js';
import type { McpResult, McpToolsSchema } from '../../src/gen/agent/v1/mcp_pb.js';

type ClientMessageInit = MessageInitShape<typeof AgentClientMessageSchema>;
type Frame = { message: AgentServerMessage } | { endStream: { error?: { code: string; message: string; details?: Array<{ type: string; value: string }> } } };

const RUN_PATH = '/agent.v1.AgentService/Run';

async function start(t: TestContext, options: FakeCursorOptions): Promise<{ fake: FakeCursor; session: ClientHttp2Session }> {
  const fake = await startFakeCursor(options);
  const session = http2.connect(fake.url, fake.ca ? { ca: fake.ca } : {});
  session.on('error', () => {});
  t.after(async () => {
    session.destroy();
    await fake.close();
  });
  return { fake, session };
}

function envelope(message: ClientMessageInit): Uint8Array {
  return encodeEnvelope(0, toBinary(AgentClientMessageSchema, create(AgentClientMessageSchema, message)));
}

type RunRequestExtras = {
  mcpTools?: MessageInitShape<typeof McpToolsSchema>;
  modelDetails?: MessageInitShape<typeof ModelDetailsSchema>;
};

function runRequest(text: string, extra: RunRequestExtras = {}): ClientMessageInit {
  return {
    message: {
      case: 'runRequest',
      // A model the fake's default account lists; tests may name another.
      value: { action: { action: { case: 'userMessageAction', value: { userMessage: { text } } } }, modelDetails: { modelId: 'gpt-5' }, ...extra },
    },
  };
}

/** Opens a Run; the request side stays open (the fake must not wait for it to end). */
function openRun(session: ClientHttp2Session, headers: Record<string, string> = { authorization: 'Bearer test-token' }) {
  const stream = session.request({
    ':method': 'POST',
    ':path': RUN_PATH,
    'content-type': 'application/connect+proto',
    'x-cursor-client-version': 'cli-2026.10.01-e373342',
    ...headers,
  });
  const response = new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once('response', resolve));
  return { stream, response, frames: readFrames(stream) };
}

async function* readFrames(stream: ClientHttp2Stream): AsyncGenerator<Frame> {
  const decoder = new EnvelopeDecoder();
  for await (const chunk of stream) {
    for (const { flags, data } of decoder.push(chunk as Buffer)) {
      yield flags & FLAG_END_STREAM
        ? { endStream: JSON.parse(Buffer.from(data).toString('utf8')) }
        : { message: fromBinary(AgentServerMessageSchema, data) };
    }
  }
}

async function nextMessage(frames: AsyncGenerator<Frame>): Promise<AgentServerMessage> {
  const { value } = await frames.next();
  assert.ok(value && 'message' in value, 'expected a server message');
  return value.message;
}

/** Reads to the end: the server messages and the end-stream JSON. */
async function rest(frames: AsyncGenerator<Frame>) {
  const messages: AgentServerMessage[] = [];
  for await (const frame of frames) {
    if ('endStream' in frame) return { messages, endStream: frame.endStream };
    messages.push(frame.message);
  }
  throw new Error('stream ended without an end-stream frame');
}

function texts(messages: AgentServerMessage[]): string[] {
  return messages.flatMap((m) =>
    m.message.case === 'interactionUpdate' && m.message.value.message.case === 'textDelta' ? [m.message.value.message.value.text] : [],
  );
}

function unary(session: ClientHttp2Session, path: string, contentType: string, body: Uint8Array | string) {
  const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': contentType, authorization: 'Bearer t' });
  stream.end(body);
  return new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
  });
}

test('a Run over h2c streams text deltas and ends with {} while the client keeps sending', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, {
    script: async (run) => {
      run.text(`Hello, ${run.request.action?.action.case === 'userMessageAction' ? run.request.action.action.value.userMessage?.text : '?'}`);
      run.text('!');
    },
  });
  const { stream, response, frames } = openRun(session);
  stream.write(envelope(runRequest('Ada')));

  const { messages, endStream } = await rest(frames);
  const headers = await response;
  assert.equal(headers[':status'], 200);
  assert.equal(headers['content-type'], 'application/connect+proto');
  assert.deepEqual(texts(messages), ['Hello, Ada', '!']);
  assert.deepEqual(endStream, {});
  assert.equal(fake.runs[0].headers['authorization'], 'Bearer test-token');
  assert.equal(fake.runs[0].ended, true);
  assert.equal(fake.runs[0].clientAborted, false);
});

test('keepRecords keeps only the latest runs and unary calls', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, { keepRecords: 1, script: async (run) => run.text('ok') });
  for (const name of ['Ada', 'Grace', 'Edsger']) {
    const { stream, frames } = openRun(session);
    stream.write(envelope(runRequest(name)));
    assert.deepEqual(texts((await rest(frames)).messages), ['ok']);
  }
  await unary(session, '/aiserver.v1.AiService/GetUsableModels', 'application/proto', new Uint8Array());
  await unary(session, '/agent.v1.AgentService/GetUsableModels', 'application/json', '{}');

  assert.equal(fake.runs.length, 1);
  const action = fake.runs[0].request.action?.action;
  assert.equal(action?.case === 'userMessageAction' ? action.value.userMessage?.text : undefined, 'Edsger');
  assert.deepEqual(
    fake.unaryCalls.map((call) => call.path),
    ['/agent.v1.AgentService/GetUsableModels'],
  );
});

test('envelopes split across writes, heartbeats and unknown fields are reassembled and tolerated', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, {
    script: async (run) => {
      const context = await run.requestContext();
      run.text(`rule: ${context.cloudRule}`);
    },
  });
  const { stream, frames } = openRun(session);
  const first = envelope(runRequest('split me'));
  stream.write(first.subarray(0, 3));
  stream.write(first.subarray(3, 9));
  stream.write(first.subarray(9));

  const exec = await nextMessage(frames);
  assert.equal(exec.message.case, 'execServerMessage');
  const id = exec.message.case === 'execServerMessage' ? exec.message.value.id : -1;
  // A heartbeat carrying an unknown field (99, varint 1), then the answer split mid-frame.
  const heartbeatPayload = [...toBinary(AgentClientMessageSchema, create(AgentClientMessageSchema, { message: { case: 'clientHeartbeat', value: {} } })), 0x98, 0x06, 0x01];
  const heartbeat = encodeEnvelope(0, new Uint8Array(heartbeatPayload));
  const answer = envelope({
    message: {
      case: 'execClientMessage',
      value: { id, message: { case: 'requestContextResult', value: { result: { case: 'success', value: { requestContext: { cloudRule: 'be kind' } } } } } },
    },
  });
  stream.write(Buffer.concat([heartbeat, answer.subarray(0, 4)]));
  stream.write(answer.subarray(4));

  const { messages, endStream } = await rest(frames);
  assert.deepEqual(texts(messages), ['rule: be kind']);
  assert.deepEqual(endStream, {});
  const record = fake.runs[0];
  assert.equal(record.request.action?.action.value?.$typeName, 'agent.v1.UserMessageAction');
  assert.deepEqual(record.received.map((m) => m.message.case), ['runRequest', 'clientHeartbeat', 'execClientMessage']);
  assert.equal(record.bytesReceived, first.length + heartbeat.length + answer.length);
});

test('a tool call round trip: started, mcp_args with the declared provider, the script gets the mcp_result', { timeout: 10_000 }, async (t) => {
  let scriptSaw: McpResult | undefined;
  const { fake, session } = await start(t, {
    script: async (run) => {
      scriptSaw = await run.toolCall({ name: 'get_weather', args: { city: 'Paris', days: 2 } });
      run.text('done');
    },
  });
  const { stream, frames } = openRun(session);
  stream.write(
    envelope(
      runRequest('weather?', {
        mcpTools: { mcpTools: [{ name: 'get_weather', toolName: 'get_weather', providerIdentifier: 'thalamus' }] },
      }),
    ),
  );

  const started = await nextMessage(frames);
  assert.equal(started.message.case === 'interactionUpdate' && started.message.value.message.case, 'toolCallStarted');
  const exec = await nextMessage(frames);
  assert.ok(exec.message.case === 'execServerMessage' && exec.message.value.message.case === 'mcpArgs');
  const { id, execId } = exec.message.value;
  const mcpArgs = exec.message.value.message.value;
  assert.equal(mcpArgs.providerIdentifier, 'thalamus');
  assert.equal(mcpArgs.toolName, 'get_weather');
  assert.match(mcpArgs.toolCallId, /^toolu_/);
  assert.deepEqual(mcpArgs.args['city'].kind, { case: 'stringValue', value: 'Paris' });
  assert.deepEqual(mcpArgs.args['days'].kind, { case: 'numberValue', value: 2 });

  stream.write(
    envelope({
      message: {
        case: 'execClientMessage',
        value: { id, execId, message: { case: 'mcpResult', value: { result: { case: 'success', value: { content: [{ content: { case: 'text', value: { text: '18°C' } } }] } } } } },
      },
    }),
  );
  stream.write(envelope({ message: { case: 'execClientControlMessage', value: { message: { case: 'streamClose', value: { id } } } } }));

  const { messages, endStream } = await rest(frames);
  assert.deepEqual(endStream, {});
  const completed = messages[0];
  assert.ok(completed.message.case === 'interactionUpdate' && completed.message.value.message.case === 'toolCallCompleted');
  const toolCall = completed.message.value.message.value.toolCall?.tool;
  assert.ok(toolCall?.case === 'mcpToolCall');
  assert.equal(toolCall.value.result?.result.case, 'success');
  assert.deepEqual(texts(messages), ['done']);
  assert.ok(scriptSaw?.result.case === 'success');
  assert.equal(scriptSaw.result.value.content[0].content.case === 'text' && scriptSaw.result.value.content[0].content.value.text, '18°C');
  assert.deepEqual(
    fake.runs[0].execs.map(({ id: execNumber, kind, answer, streamClosed }) => ({ execNumber, kind, answer, streamClosed })),
    [{ execNumber: id, kind: 'mcpArgs', answer: 'result', streamClosed: true }],
  );
});

test('fail() ends with a Connect error whose ErrorDetails decode back; httpStatus answers with that status', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, {
    script: async (run) => {
      run.text('partial');
      run.fail({
        code: 'resource_exhausted',
        message: 'monthly limit',
        detailsError: ErrorDetails_Error.PRO_USER_USAGE_LIMIT,
        detailsTitle: 'Usage limit',
        detailsDetail: 'You have hit your monthly limit',
      });
    },
  });
  const { stream, frames } = openRun(session);
  stream.write(envelope(runRequest('hi')));
  const { messages, endStream } = await rest(frames);
  assert.deepEqual(texts(messages), ['partial']);
  assert.equal(endStream.error?.code, 'resource_exhausted');
  assert.equal(endStream.error?.message, 'monthly limit');
  const detail = endStream.error?.details?.[0];
  assert.equal(detail?.type, 'aiserver.v1.ErrorDetails');
  const decoded = fromBinary(ErrorDetailsSchema, Buffer.from(detail?.value ?? '', 'base64'));
  assert.equal(decoded.error, ErrorDetails_Error.PRO_USER_USAGE_LIMIT);
  assert.equal(decoded.details?.title, 'Usage limit');
  assert.equal(decoded.details?.detail, 'You have hit your monthly limit');

  fake.setScript(async (run) => run.fail({ code: 'unavailable', message: 'overloaded', httpStatus: 503 }));
  const second = openRun(session);
  second.stream.write(envelope(runRequest('again')));
  const chunks: Buffer[] = [];
  for await (const chunk of second.stream) chunks.push(chunk as Buffer);
  assert.equal((await second.response)[':status'], 503);
  assert.deepEqual(JSON.parse(Buffer.concat(chunks).toString('utf8')), { code: 'unavailable', message: 'overloaded' });

  const anonymous = openRun(session, {});
  anonymous.stream.write(envelope(runRequest('who am I')));
  const rejected = await rest(anonymous.frames);
  assert.equal(rejected.endStream.error?.code, 'unauthenticated');
});

test('GetUsableModels answers binary and JSON on both services, and fails on demand', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, {});
  const binary = await unary(
    session,
    '/aiserver.v1.AiService/GetUsableModels',
    'application/proto',
    toBinary(GetUsableModelsRequestSchema, create(GetUsableModelsRequestSchema)),
  );
  assert.equal(binary.status, 200);
  const models = fromBinary(GetUsableModelsResponseSchema, binary.body).models;
  assert.ok(models.some((m) => m.modelId === 'default' && m.displayName === 'Auto'));
  assert.ok(models.find((m) => m.modelId === 'claude-4.5-sonnet-thinking')?.thinkingDetails);
  assert.equal(models.find((m) => m.modelId === 'claude-4.5-sonnet')?.thinkingDetails, undefined);

  const json = await unary(session, '/agent.v1.AgentService/GetUsableModels', 'application/json', '{}');
  assert.equal(json.status, 200);
  const parsed = JSON.parse(json.body.toString('utf8')) as { models: Array<{ modelId: string; displayName: string; aliases?: string[] }> };
  assert.deepEqual(
    parsed.models.map((m) => m.modelId),
    models.map((m) => m.modelId),
  );
  assert.ok(parsed.models.every((m) => m.displayName && m.aliases?.length));

  fake.setModelsError({ code: 'resource_exhausted', message: 'slow down' });
  const failed = await unary(session, '/aiserver.v1.AiService/GetUsableModels', 'application/proto', new Uint8Array());
  assert.equal(failed.status, 429);
  assert.deepEqual(JSON.parse(failed.body.toString('utf8')), { code: 'resource_exhausted', message: 'slow down' });
  assert.deepEqual(
    fake.unaryCalls.map((call) => [call.path, call.headers['content-type']]),
    [
      ['/aiserver.v1.AiService/GetUsableModels', 'application/proto'],
      ['/agent.v1.AgentService/GetUsableModels', 'application/json'],
      ['/aiserver.v1.AiService/GetUsableModels', 'application/proto'],
    ],
  );
});

test('TLS mode serves the same protocol with a self-signed certificate exposed as ca', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, { tls: true, script: async (run) => run.text('secure') });
  assert.match(fake.url, /^https:\/\//);
  assert.match(fake.ca ?? '', /BEGIN CERTIFICATE/);
  const { stream, frames } = openRun(session);
  stream.write(envelope(runRequest('hi')));
  const { messages, endStream } = await rest(frames);
  assert.deepEqual(texts(messages), ['secure']);
  assert.deepEqual(endStream, {});
});

test('a client RST_STREAM aborts the run and is recorded', { timeout: 10_000 }, async (t) => {
  let sawAbort!: () => void;
  const aborted = new Promise<void>((resolve) => (sawAbort = resolve));
  const { fake, session } = await start(t, {
    script: async (run) => {
      run.text('thinking hard');
      await run.sleep(60_000);
      if (run.aborted.aborted) sawAbort();
    },
  });
  const { stream, frames } = openRun(session);
  stream.write(envelope(runRequest('hi')));
  await nextMessage(frames);
  stream.close(http2.constants.NGHTTP2_CANCEL);
  await aborted;
  assert.equal(fake.runs[0].clientAborted, true);
  assert.equal(fake.runs[0].ended, false);
});

test('close() resolves while a client session and a run are still open', { timeout: 10_000 }, async (t) => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const { fake, session } = await start(t, {
    script: async (run) => {
      started();
      await run.sleep(60_000);
    },
  });
  const { stream } = openRun(session);
  stream.write(envelope(runRequest('hi')));
  await running;
  const sessionClosed = new Promise((resolve) => session.once('close', resolve));
  await fake.close();
  await sessionClosed;
  assert.equal(fake.runs[0].clientAborted, true);
});

test('the demo script asks for the context, thinks, echoes the user and calls a requested tool', { timeout: 10_000 }, async (t) => {
  const { fake, session } = await start(t, { script: demoScript });
  const { stream, frames } = openRun(session);
  stream.write(
    envelope(
      runRequest('Please use the get_weather tool', {
        modelDetails: { modelId: 'claude-4.5-sonnet-thinking', thinkingDetails: {} },
      }),
    ),
  );
  const contextExec = await nextMessage(frames);
  assert.ok(contextExec.message.case === 'execServerMessage' && contextExec.message.value.message.case === 'requestContextArgs');
  const schema = { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string' } }, required: ['city'] };
  stream.write(
    envelope({
      message: {
        case: 'execClientMessage',
        value: {
          id: contextExec.message.value.id,
          message: {
            case: 'requestContextResult',
            value: { result: { case: 'success', value: { requestContext: { tools: [{ name: 'get_weather', toolName: 'get_weather', providerIdentifier: 'p', inputSchema: fromJson(ValueSchema, schema) }] } } } },
          },
        },
      },
    }),
  );

  const before: AgentServerMessage[] = [];
  let exec: AgentServerMessage;
  for (;;) {
    exec = await nextMessage(frames);
    if (exec.message.case === 'execServerMessage') break;
    before.push(exec);
  }
  assert.ok(exec.message.case === 'execServerMessage' && exec.message.value.message.case === 'mcpArgs');
  assert.deepEqual(Object.keys(exec.message.value.message.value.args), ['city']);
  const updates = before.map((m) => (m.message.case === 'interactionUpdate' ? m.message.value.message.case : m.message.case));
  assert.ok(updates.includes('thinkingDelta') && updates.includes('tokenDelta') && updates.includes('toolCallStarted'));
  assert.match(texts(before).join(''), /demo backend[\s\S]*Please use the get_weather tool/);

  stream.write(
    envelope({
      message: {
        case: 'execClientMessage',
        value: { id: exec.message.value.id, message: { case: 'mcpResult', value: { result: { case: 'success', value: { content: [{ content: { case: 'text', value: { text: 'sunny' } } }] } } } } },
      },
    }),
  );
  // Like the real server, it keeps the turn as a blob it mints on the client before the checkpoint.
  const answer: AgentServerMessage[] = [];
  let kv: AgentServerMessage;
  for (;;) {
    kv = await nextMessage(frames);
    if (kv.message.case === 'kvServerMessage') break;
    answer.push(kv);
  }
  assert.ok(kv.message.case === 'kvServerMessage' && kv.message.value.message.case === 'setBlobArgs');
  const turnBlob = JSON.parse(Buffer.from(kv.message.value.message.value.blobData).toString('utf8')) as { user: string; assistant: string };
  assert.equal(turnBlob.user, 'Please use the get_weather tool');
  stream.write(envelope({ message: { case: 'kvClientMessage', value: { id: kv.message.value.id, message: { case: 'setBlobResult', value: {} } } } }));
  const { messages, endStream } = await rest(frames);
  assert.match(texts(answer).join(''), /get_weather` tool answered: sunny/);
  assert.match(turnBlob.assistant, /get_weather` tool answered: sunny/);
  const kinds = messages.map((m) => (m.message.case === 'interactionUpdate' ? m.message.value.message.case : m.message.case));
  assert.deepEqual(kinds.slice(-2), ['conversationCheckpointUpdate', 'turnEnded']);
  const checkpoint = messages.at(-2)!.message;
  assert.ok(checkpoint.case === 'conversationCheckpointUpdate');
  assert.equal(checkpoint.value.turns.length, 1);
  assert.deepEqual(endStream, {});
  assert.equal(fake.runs[0].execs[1].streamClosed, false);
});

test('built-in execs, KV blobs and interaction queries resolve with the client answers', { timeout: 10_000 }, async (t) => {
  const seen: string[] = [];
  const { fake, session } = await start(t, {
    script: async (run) => {
      const shell = await run.builtinExec('shell');
      seen.push(shell.kind === 'throw' ? `shell threw: ${shell.error}` : 'shell answered');
      const read = await run.builtinExec('read');
      seen.push(read.kind === 'result' ? `read: ${read.message.message.case} closed=${read.streamClosed}` : 'read threw');
      const blobId = await run.setBlob(new TextEncoder().encode('{"role":"user"}'));
      seen.push(`blob ${Buffer.from(blobId).toString('hex')}`);
      seen.push(`got ${new TextDecoder().decode(await run.getBlob(blobId))}`);
      seen.push(`missing ${await run.getBlob(new Uint8Array(32))}`);
      const query = await run.interactionQuery('web_search');
      seen.push(`query ${query.result.case}`);
    },
  });
  const { stream, frames } = openRun(session);
  stream.write(envelope(runRequest('tools')));
  const blobs = new Map<string, Uint8Array>();
  for (;;) {
    const { value: frame } = await frames.next();
    assert.ok(frame);
    if ('endStream' in frame) {
      assert.deepEqual(frame.endStream, {});
      break;
    }
    const { message } = frame.message;
    if (message.case === 'execServerMessage' && message.value.message.case === 'shellArgs') {
      assert.equal(message.value.message.value.command, 'ls -la');
      stream.write(envelope({ message: { case: 'execClientControlMessage', value: { message: { case: 'throw', value: { id: message.value.id, error: 'not here' } } } } }));
    } else if (message.case === 'execServerMessage' && message.value.message.case === 'readArgs') {
      const { id } = message.value;
      const path = message.value.message.value.path;
      stream.write(envelope({ message: { case: 'execClientMessage', value: { id, message: { case: 'readResult', value: { result: { case: 'rejected', value: { path, reason: 'no' } } } } } } }));
      stream.write(envelope({ message: { case: 'execClientControlMessage', value: { message: { case: 'streamClose', value: { id } } } } }));
    } else if (message.case === 'kvServerMessage') {
      const { id, message: kv } = message.value;
      if (kv.case === 'setBlobArgs') {
        blobs.set(Buffer.from(kv.value.blobId).toString('hex'), kv.value.blobData);
        stream.write(envelope({ message: { case: 'kvClientMessage', value: { id, message: { case: 'setBlobResult', value: {} } } } }));
      } else if (kv.case === 'getBlobArgs') {
        const blobData = blobs.get(Buffer.from(kv.value.blobId).toString('hex'));
        stream.write(envelope({ message: { case: 'kvClientMessage', value: { id, message: { case: 'getBlobResult', value: { blobData } } } } }));
      }
    } else if (message.case === 'interactionQuery') {
      assert.equal(message.value.query.case, 'webSearchRequestQuery');
      const rejection = { result: { case: 'rejected' as const, value: { reason: 'no web' } } };
      stream.write(envelope({ message: { case: 'interactionResponse', value: { id: message.value.id, result: { case: 'webSearchRequestResponse', value: rejection } } } }));
    }
  }
  assert.deepEqual(seen, [
    'shell threw: not here',
    'read: readResult closed=true',
    `blob ${createHash('sha256').update('{"role":"user"}').digest('hex')}`,
    'got {"role":"user"}',
    'missing undefined',
    'query webSearchRequestResponse',
  ]);
  assert.deepEqual(
    fake.runs[0].execs.map((exec) => [exec.kind, exec.answer]),
    [
      ['shellArgs', 'throw'],
      ['readArgs', 'result'],
    ],
  );
});

test('reads an answer in the asked arm\'s layout, and waits for it with heartbeats', { timeout: 10_000 }, async (t) => {
  const verdicts: string[] = [];
  const { session } = await start(t, {
    script: async (run) => {
      const verdict = interactionVerdict(await run.interactionQuery('web_search'));
      verdicts.push(`${verdict.arm} ${verdict.verdict}`);
    },
  });
  const { stream, frames } = openRun(session);
  stream.write(envelope(runRequest('hi')));
  const query = await nextMessage(frames);
  assert.ok(query.message.case === 'interactionQuery' && query.message.value.query.case === 'webSearchRequestQuery');
  assert.equal(query.message.value.query.value.args?.searchTerm, 'thalamus gateway');
  // No answer yet: the server waits, sending heartbeats, and does not time out.
  for (let heartbeats = 0; heartbeats < 2; ) {
    const message = await nextMessage(frames);
    assert.ok(message.message.case === 'interactionUpdate' && message.message.value.message.case === 'heartbeat');
    heartbeats++;
  }
  // The ask-question rejection layout {1 result {3 rejected {1 reason}}}, written in the
  // web-search arm (field 2), by hand: the real server reads it as approved {}.
  const reason = [...Buffer.from('no')];
  const rejected = [0x1a, reason.length + 2, 0x0a, reason.length, ...reason];
  const result = [0x0a, rejected.length, ...rejected];
  const arm = [0x12, result.length, ...result];
  const response = [0x08, query.message.value.id, ...arm];
  stream.write(encodeEnvelope(0, new Uint8Array([0x32, response.length, ...response])));
  const { endStream } = await rest(frames);
  assert.deepEqual(endStream, {});
  assert.deepEqual(verdicts, ['2 approved']);
});
