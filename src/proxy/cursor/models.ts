// Cursor's model list (reference §1.2, §4.10), cached with a TTL and fetched once at a time.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { GetUsableModelsRequestSchema, GetUsableModelsResponseSchema } from '../../gen/agent/v1/agent_service_pb.js';
import type { TokenProvider } from '../auth/token-provider.js';
import type { CursorModel } from '../engine-api.js';
import { UpstreamError } from '../events.js';
import { unaryHeaders } from './headers.js';
import type { Http2Transport } from './transport.js';
import { callUnary } from './unary.js';

/**
 * Variant: `aiserver.v1.AiService/GetUsableModels`, the path Cursor's CLI itself calls
 * (reference §1.2, YKR model-service.ts:49). The same messages are also served at
 * `/agent.v1.AgentService/GetUsableModels` (ED) — switch this constant to use that one.
 */
export const GET_USABLE_MODELS_PATH = '/aiserver.v1.AiService/GetUsableModels';

export const DEFAULT_MODELS_TTL_MS = 5 * 60 * 1000;
const MODELS_TIMEOUT_MS = 30_000;

export interface ModelCatalogOptions {
  transport: Http2Transport;
  baseUrl: string;
  tokenProvider: TokenProvider;
  clientVersion: string;
  ghostMode?: boolean;
  ttlMs?: number;
  now?: () => number;
}

export class ModelCatalog {
  private cached?: { models: CursorModel[]; at: number };
  private inFlight?: Promise<CursorModel[]>;

  constructor(private readonly options: ModelCatalogOptions) {}

  /** The cached list while fresh; otherwise one fetch shared by every concurrent caller. */
  list(): Promise<CursorModel[]> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now - this.cached.at < (this.options.ttlMs ?? DEFAULT_MODELS_TTL_MS)) {
      return Promise.resolve(this.cached.models);
    }
    this.inFlight ??= this.fetchWithRefresh()
      .then((models) => {
        this.cached = { models, at: (this.options.now ?? Date.now)() };
        return models;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async fetchWithRefresh(): Promise<CursorModel[]> {
    try {
      return await this.fetch();
    } catch (err) {
      if (err instanceof UpstreamError && err.kind === 'unauthenticated' && (await this.options.tokenProvider.refreshAfterUnauthenticated())) {
        return this.fetch();
      }
      throw err;
    }
  }

  private async fetch(): Promise<CursorModel[]> {
    const { transport, baseUrl, tokenProvider, clientVersion, ghostMode } = this.options;
    const accessToken = await tokenProvider.getAccessToken();
    const body = await callUnary({
      transport,
      url: new URL(GET_USABLE_MODELS_PATH, baseUrl),
      headers: unaryHeaders({ accessToken, clientVersion, requestId: randomUUID(), ghostMode }),
      body: toBinary(GetUsableModelsRequestSchema, create(GetUsableModelsRequestSchema)),
      timeoutMs: MODELS_TIMEOUT_MS,
    });
    let response;
    try {
      response = fromBinary(GetUsableModelsResponseSchema, body);
    } catch {
      throw new UpstreamError('internal', 'Cursor sent an unreadable model list', { wireCode: 'bad_response' });
    }
    return response.models.map((model) => ({
      id: model.modelId,
      displayName: model.displayName || model.displayModelId || model.modelId,
      aliases: [...model.aliases],
      thinking: model.thinkingDetails !== undefined,
    }));
  }
}
