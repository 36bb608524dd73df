// Connect unary calls (reference §3.2): GetUsableModels and GetDefaultModelForCli, in binary
// (`application/proto`, bare protobuf) or JSON (`application/json`, camelCase) — the answer uses
// the request's encoding. Errors are an HTTP status plus the Connect error JSON.
import type { ServerHttp2Stream } from 'node:http2';
import {
  create,
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  type DescMessage,
  type JsonValue,
  type Message,
} from '@bufbuild/protobuf';
import {
  GetDefaultModelForCliRequestSchema,
  GetDefaultModelForCliResponseSchema,
  GetUsableModelsRequestSchema,
  GetUsableModelsResponseSchema,
  type GetUsableModelsResponse,
} from '../gen/agent/v1/agent_service_pb.js';
import {
  AvailableModelsRequestSchema,
  AvailableModelsResponseSchema,
  type AvailableModelsResponse,
} from '../gen/aiserver/v1/error_details_pb.js';
import { connectErrorJson, httpStatusForCode } from './errors.js';
import type { FakeError } from './types.js';

export interface ModelsSource {
  response(): GetUsableModelsResponse;
  /** AvailableModels: windows and Max mode. */
  available(): AvailableModelsResponse;
  /** Set while the models RPCs should fail. */
  error(): FakeError | undefined;
}

interface UnaryMethod {
  request: DescMessage;
  response: DescMessage;
  handle(models: ModelsSource): Message;
}

const getUsableModels: UnaryMethod = {
  request: GetUsableModelsRequestSchema,
  response: GetUsableModelsResponseSchema,
  handle: (models) => models.response(),
};

const getDefaultModelForCli: UnaryMethod = {
  request: GetDefaultModelForCliRequestSchema,
  response: GetDefaultModelForCliResponseSchema,
  handle: (models) => create(GetDefaultModelForCliResponseSchema, { model: models.response().models[0] }),
};

const availableModels: UnaryMethod = {
  request: AvailableModelsRequestSchema,
  response: AvailableModelsResponseSchema,
  handle: (models) => models.available(),
};

/** Both services serve the model RPCs; Cursor's CLI calls the aiserver one (§1.2). */
export const UNARY_METHODS: ReadonlyMap<string, UnaryMethod> = new Map([
  ['/aiserver.v1.AiService/AvailableModels', availableModels],
  ['/aiserver.v1.AiService/GetUsableModels', getUsableModels],
  ['/agent.v1.AgentService/GetUsableModels', getUsableModels],
  ['/aiserver.v1.AiService/GetDefaultModelForCli', getDefaultModelForCli],
  ['/agent.v1.AgentService/GetDefaultModelForCli', getDefaultModelForCli],
]);

type Codec = 'proto' | 'json';

export async function handleUnary(
  stream: ServerHttp2Stream,
  headers: Record<string, string>,
  method: UnaryMethod,
  models: ModelsSource,
  /** Why the bearer token is refused (missing, revoked, expired), if it is. */
  authError: FakeError | undefined,
): Promise<void> {
  const body = await readBody(stream);
  const codec = codecOf(headers['content-type']);
  if (!codec) return respondError(stream, { code: 'unknown', message: 'unsupported content-type', httpStatus: 415 });
  if (authError) return respondError(stream, authError);
  try {
    // Decoded only to reject a malformed body, as the real server would.
    if (codec === 'proto') fromBinary(method.request, body);
    else fromJson(method.request, body.length ? (JSON.parse(Buffer.from(body).toString('utf8')) as JsonValue) : {});
  } catch {
    return respondError(stream, { code: 'invalid_argument', message: 'malformed request body' });
  }
  const failure = models.error();
  if (failure) return respondError(stream, failure);
  const response = method.handle(models);
  stream.respond({ ':status': 200, 'content-type': `application/${codec}` });
  stream.end(
    codec === 'proto' ? toBinary(method.response, response) : JSON.stringify(toJson(method.response, response)),
  );
}

/** Any route-level failure of a unary call (unknown path, wrong method). */
export function respondError(stream: ServerHttp2Stream, error: FakeError): void {
  if (stream.destroyed || stream.headersSent) return;
  stream.respond({ ':status': error.httpStatus ?? httpStatusForCode(error.code), 'content-type': 'application/json' });
  stream.end(JSON.stringify(connectErrorJson(error)));
}

function codecOf(contentType: string | undefined): Codec | undefined {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/proto') return 'proto';
  if (mediaType === 'application/json') return 'json';
  return undefined;
}

export async function readBody(stream: ServerHttp2Stream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
