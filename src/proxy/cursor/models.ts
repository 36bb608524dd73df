// Cursor's model list (reference §1.2, §4.10), cached with a TTL and fetched once at a time, with
// each model's context window and Max mode: from AvailableModels (§4.11) when Cursor answers it,
// then refined by what checkpoints report (token_details.max_tokens), else the documented table
// (context-windows.ts).
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { GetUsableModelsRequestSchema, GetUsableModelsResponseSchema } from '../../gen/agent/v1/agent_service_pb.js';
import {
  type AvailableModel,
  AvailableModelsRequestSchema,
  AvailableModelsResponseSchema,
} from '../../gen/aiserver/v1/error_details_pb.js';
import { tableContextWindow } from './context-windows.js';
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
/** Context windows and Max mode (reference §4.11), asked with include_long_context_models. */
export const AVAILABLE_MODELS_PATH = '/aiserver.v1.AiService/AvailableModels';

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
  /** Default windows Cursor's checkpoints reported (token_details.max_tokens), by model id. */
  private readonly reportedWindows = new Map<string, number>();

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

  /** A checkpoint said what window a run had: the best source there is for that model's window. */
  noteWindow(modelId: string, maxTokens: number, maxMode: boolean): void {
    if (maxTokens <= 0 || maxMode) return;
    this.reportedWindows.set(modelId, maxTokens);
    const cached = this.cached?.models.find((model) => model.id === modelId);
    if (cached) cached.contextWindow = maxTokens;
  }

  /** The window a turn on `modelId` has, from the cached list, else the table. */
  windowOf(modelId: string, maxMode = false): number {
    const model = this.cached?.models.find((candidate) => candidate.id === modelId);
    const table = tableContextWindow(modelId);
    const base = this.reportedWindows.get(modelId) ?? model?.contextWindow ?? table.tokens;
    return maxMode ? (model?.maxModeWindow ?? table.maxModeTokens ?? base) : base;
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
    const accessToken = await this.options.tokenProvider.getAccessToken();
    // Windows are worth having, not worth failing the list for: without them, the table answers.
    const [body, available] = await Promise.all([
      this.call(accessToken, GET_USABLE_MODELS_PATH, toBinary(GetUsableModelsRequestSchema, create(GetUsableModelsRequestSchema))),
      this.call(
        accessToken,
        AVAILABLE_MODELS_PATH,
        toBinary(AvailableModelsRequestSchema, create(AvailableModelsRequestSchema, { includeLongContextModels: true })),
      ).then(
        (bytes) => fromBinary(AvailableModelsResponseSchema, bytes).models,
        () => [] as AvailableModel[],
      ),
    ]);
    let response;
    try {
      response = fromBinary(GetUsableModelsResponseSchema, body);
    } catch {
      throw new UpstreamError('internal', 'Cursor sent an unreadable model list', { wireCode: 'bad_response' });
    }
    const windows = new Map<string, AvailableModel>();
    for (const model of available) {
      windows.set(model.name, model);
      if (model.serverModelName) windows.set(model.serverModelName, model);
    }
    return response.models.map((model) => {
      const table = tableContextWindow(model.modelId);
      const listed = windows.get(model.modelId);
      const contextWindow = this.reportedWindows.get(model.modelId) ?? listed?.contextTokenLimit ?? table.tokens;
      const maxMode = listed ? listed.supportsMaxMode === true : table.maxModeTokens !== undefined;
      return {
        id: model.modelId,
        displayName: model.displayName || model.displayModelId || model.modelId,
        aliases: [...model.aliases],
        thinking: model.thinkingDetails !== undefined,
        contextWindow,
        // AvailableModels says whether Max mode exists, not its window: Cursor documents 1M for the families that have it.
        maxModeWindow: maxMode ? Math.max(table.maxModeTokens ?? 1_000_000, contextWindow) : undefined,
      };
    });
  }

  private call(accessToken: string, path: string, body: Uint8Array): Promise<Uint8Array> {
    const { transport, baseUrl, clientVersion, ghostMode } = this.options;
    return callUnary({
      transport,
      url: new URL(path, baseUrl),
      headers: unaryHeaders({ accessToken, clientVersion, requestId: randomUUID(), ghostMode }),
      body,
      timeoutMs: MODELS_TIMEOUT_MS,
    });
  }
}
