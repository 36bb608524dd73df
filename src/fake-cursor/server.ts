// The fake Cursor server: a real HTTP/2 server (h2c with prior knowledge, or TLS with a
// self-signed certificate) that routes Cursor's Agent API paths (reference §1.2, §9) to the
// Run and unary handlers and keeps what it saw for assertions.
import http2, { type Http2Server, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { create } from '@bufbuild/protobuf';
import { GetUsableModelsResponseSchema, type GetUsableModelsResponse } from '../gen/agent/v1/agent_service_pb.js';
import { FakeAuthServer } from './auth.js';
import { DASHBOARD_PREFIX, FakeDashboard } from './dashboard.js';
import { FaultInjector } from './faults.js';
import { demoScript } from './demo-script.js';
import { FakeAccount } from './account.js';
import { CONNECT_STREAM_CONTENT_TYPE } from './response-writer.js';
import { handleRun } from './run-handler.js';
import { selfSignedCredentials } from './tls.js';
import type { FakeCursor, FakeCursorOptions, FakeError, FakeRunRecord, RunScript } from './types.js';
import { handleUnary, respondError, UNARY_METHODS } from './unary.js';

const RUN_PATH = '/agent.v1.AgentService/Run';

export async function startFakeCursor(options: FakeCursorOptions = {}): Promise<FakeCursor> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.tls ? await selfSignedCredentials(host) : undefined;
  const server = credentials ? http2.createSecureServer(credentials) : http2.createServer();
  const fake = new FakeCursorServer(server, options, credentials?.cert);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  fake.setUrl(`${credentials ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`);
  return fake;
}

class FakeCursorServer implements FakeCursor {
  readonly runs: FakeRunRecord[] = [];
  readonly faults = new FaultInjector();
  sessionsOpened = 0;
  readonly unaryCalls: Array<{ path: string; headers: Record<string, string> }> = [];
  readonly auth = new FakeAuthServer();
  readonly dashboard = new FakeDashboard(() => this.account.state);
  private urlValue = '';
  readonly account: FakeAccount;
  private script: RunScript;
  private modelsError: FakeError | undefined;
  // Tracked so close() can end them: Http2Server.close() otherwise waits for every session.
  private readonly sessions = new Set<Http2Session>();
  private readonly sockets = new Set<Socket>();
  private readonly keepRecords: number;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly server: Http2Server,
    options: FakeCursorOptions,
    readonly ca: string | undefined,
  ) {
    this.script = options.script ?? demoScript;
    this.account = new FakeAccount(options.account);
    this.keepRecords = options.keepRecords ?? Infinity;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('session', (session: Http2Session) => {
      this.sessions.add(session);
      this.sessionsOpened++;
      session.once('close', () => this.sessions.delete(session));
      // Peers that vanish mid-frame are normal for a test server; the stream handlers see it.
      session.on('error', () => {});
    });
    server.on('stream', (stream, headers) => this.route(stream, headers));
  }

  get url(): string {
    return this.urlValue;
  }

  setUrl(url: string): void {
    this.urlValue = url;
  }

  setScript(script: RunScript): void {
    this.script = script;
  }

  setModelsError(error: FakeError | undefined): void {
    this.modelsError = error;
  }

  modelsResponse(): GetUsableModelsResponse {
    return create(GetUsableModelsResponseSchema, { models: this.account.usableModels() });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const session of this.sessions) session.destroy();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private keep<T>(records: T[], record: T): void {
    records.push(record);
    if (records.length > this.keepRecords) records.splice(0, records.length - this.keepRecords);
  }

  private route(stream: ServerHttp2Stream, rawHeaders: IncomingHttpHeaders): void {
    stream.on('error', () => {});
    const path = (rawHeaders[':path'] ?? '').split('?')[0];
    const headers = requestHeaders(rawHeaders);
    // Auth endpoints (reference §6, §9), ahead of the Connect routes: /auth/poll is a GET.
    if (path.startsWith('/auth/')) {
      this.auth.handle(stream, rawHeaders[':method'] ?? '', rawHeaders[':path'] ?? path, headers).catch(() => stream.destroy());
      return;
    }
    if (rawHeaders[':method'] !== 'POST') {
      respondError(stream, { code: 'unimplemented', message: 'only POST is served', httpStatus: 405 });
      return;
    }
    if (path === RUN_PATH) {
      if (this.faults.applyNext(stream)) return;
      if (headers['content-type']?.split(';')[0].trim() !== CONNECT_STREAM_CONTENT_TYPE) {
        respondError(stream, { code: 'unknown', message: 'Run speaks application/connect+proto', httpStatus: 415 });
        return;
      }
      handleRun(stream, headers, this.script, (run) => this.keep(this.runs, run), this.auth.rejectBearer(headers['authorization']), this.account);
      return;
    }
    if (path.startsWith(DASHBOARD_PREFIX)) {
      this.dashboard.handle(stream, path, headers, this.auth.rejectBearer(headers['authorization'])).catch(() => stream.destroy());
      return;
    }
    const unary = UNARY_METHODS.get(path);
    if (unary) {
      this.keep(this.unaryCalls, { path, headers });
      const models = { response: () => this.modelsResponse(), available: () => this.account.availableModels(), error: () => this.modelsError };
      handleUnary(stream, headers, unary, models, this.auth.rejectBearer(headers['authorization'])).catch(() => stream.destroy());
      return;
    }
    respondError(stream, { code: 'unimplemented', message: `no such procedure: ${path}`, httpStatus: 404 });
  }
}

/** Request headers without HTTP/2 pseudo-headers; Node already lower-cases the names. */
function requestHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(':') || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
