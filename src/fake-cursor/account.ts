// The one account the fake serves from, shaped like a real Cursor account (cursor-limits.md):
// a plan and billing cycle, the Auto + Composer and API usage pools, on-demand spend, the models
// with their context windows and Max mode, plan-gated models, the oldest client build accepted
// and the replay bounds on named third-party models. Tests script it through `fake.account`; the
// Run handler asks it whether a run may start, the model RPCs list its models.
import { create } from '@bufbuild/protobuf';
import { ErrorDetails_Error } from '../gen/aiserver/v1/error_details_pb.js';
import { ModelDetailsSchema, type ModelDetails } from '../gen/agent/v1/agent_pb.js';
import { AvailableModelsResponseSchema, type AvailableModelsResponse } from '../gen/aiserver/v1/error_details_pb.js';
import { defaultModelSpecs } from './models.js';
import type { FakeError } from './types.js';

export type FakePool = 'auto' | 'api';

export interface FakeModelSpec {
  /** The wire id (ModelDetails.model_id). */
  id: string;
  displayName: string;
  displayNameShort?: string;
  aliases?: string[];
  /** Cursor lists it with thinking_details. */
  thinking?: boolean;
  /** The default context window, in tokens. */
  contextWindow: number;
  /** The window under Max mode; absent = the model has no Max mode. */
  maxModeWindow?: number;
  /** The plan does not include it: a Run answers permission_denied. */
  planGated?: boolean;
}

export interface FakeAccountState {
  /** GetPlanInfo's planName: "Pro", "Pro+", "Ultra", "Free", … */
  planName: string;
  billingCycleStart: Date;
  billingCycleEnd: Date;
  /** Percent used of each pool (0–100, may pass 100). */
  percentUsed: Record<FakePool, number>;
  /** On-demand spend past the included amount (cents); on when enabled and not spent. */
  onDemand: { enabled: boolean; limitCents: number; usedCents: number };
  models: FakeModelSpec[];
  /** The oldest `YYYY.MM.DD` build a Run accepts; older ones get OUTDATED_CLIENT. Undefined: any. */
  minClientVersion?: string;
  /** Bounds on root_prompt_messages_json for named third-party models (cursor-limits.md §6). */
  replayBounds?: { maxRootBlobs: number; maxRootBytes: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The bounds a real account was observed to enforce (2026-08): 192 root blobs, 512 KiB. */
export const REAL_REPLAY_BOUNDS = { maxRootBlobs: 192, maxRootBytes: 512 * 1024 };

/**
 * The default: a Pro plan ten days into a 30-day cycle with both pools nearly unused, no
 * on-demand spend, and the oldest dated CLI build public bridges shipped in 2026 as the floor.
 */
export function defaultAccountState(now = Date.now()): FakeAccountState {
  return {
    planName: 'Pro',
    billingCycleStart: new Date(now - 10 * DAY_MS),
    billingCycleEnd: new Date(now + 20 * DAY_MS),
    percentUsed: { auto: 3, api: 12 },
    onDemand: { enabled: false, limitCents: 0, usedCents: 0 },
    models: defaultModelSpecs(),
    minClientVersion: '2026.01.09',
    replayBounds: { ...REAL_REPLAY_BOUNDS },
  };
}

export class FakeAccount {
  private current: FakeAccountState;

  constructor(init: Partial<FakeAccountState> = {}) {
    this.current = { ...defaultAccountState(), ...init };
  }

  get state(): Readonly<FakeAccountState> {
    return this.current;
  }

  /** Changes part of the account from now on (the next RPC or Run sees it). */
  update(patch: Partial<FakeAccountState>): void {
    this.current = { ...this.current, ...patch };
  }

  setPercentUsed(pool: FakePool, percent: number): void {
    this.current = { ...this.current, percentUsed: { ...this.current.percentUsed, [pool]: percent } };
  }

  /** A model by wire id or alias. */
  model(id: string): FakeModelSpec | undefined {
    return this.current.models.find((model) => model.id === id || model.aliases?.includes(id));
  }

  /** Auto and Composer draw from the auto pool; every named third-party model from the API pool. */
  poolOf(modelId: string): FakePool {
    return modelId === 'default' || modelId.startsWith('composer') ? 'auto' : 'api';
  }

  /** A pool that is used up with no on-demand spend left to continue on. */
  isExhausted(pool: FakePool): boolean {
    const { percentUsed, onDemand } = this.current;
    return percentUsed[pool] >= 100 && !(onDemand.enabled && onDemand.usedCents < onDemand.limitCents);
  }

  /**
   * Whether a Run may start, as the real backend decides before any token: the error it ends
   * the stream with, or undefined. `clientVersion` is the x-cursor-client-version header.
   */
  admitRun(modelId: string, clientVersion: string | undefined): FakeError | undefined {
    const floor = this.current.minClientVersion;
    if (floor && !(datePart(clientVersion) >= floor)) {
      return {
        code: 'failed_precondition',
        message: 'Update Required',
        detailsError: ErrorDetails_Error.OUTDATED_CLIENT,
        detailsTitle: 'Update Required',
        detailsDetail: `Your client version ${clientVersion ?? '(none)'} is no longer supported. Please update.`,
      };
    }
    const model = this.model(modelId);
    if (!model) {
      return {
        code: 'invalid_argument',
        message: `Model name is not valid: ${modelId}`,
        detailsError: ErrorDetails_Error.BAD_MODEL_NAME,
      };
    }
    if (model.planGated) {
      return { code: 'permission_denied', message: `The model ${model.id} is not available on the ${this.current.planName} plan` };
    }
    // Observed (2026-08): a used-up API pool fails every named model at once, bare, zero tokens.
    if (this.isExhausted(this.poolOf(model.id))) return { code: 'resource_exhausted', message: 'Resource exhausted' };
    return undefined;
  }

  /** The bounds a rebuilt history must respect on this model, if any (named third-party models only). */
  replayBoundsFor(modelId: string): FakeAccountState['replayBounds'] {
    return this.poolOf(modelId) === 'api' ? this.current.replayBounds : undefined;
  }

  /** AvailableModels' answer: each model's window and whether it has Max mode. */
  availableModels(): AvailableModelsResponse {
    return create(AvailableModelsResponseSchema, {
      modelNames: this.current.models.map((model) => model.id),
      models: this.current.models.map((model) => ({
        name: model.id,
        defaultOn: true,
        supportsAgent: true,
        supportsThinking: model.thinking ?? false,
        supportsMaxMode: model.maxModeWindow !== undefined,
        contextTokenLimit: model.contextWindow,
        clientDisplayName: model.displayName,
      })),
    });
  }

  /** GetUsableModels' list. */
  usableModels(): ModelDetails[] {
    return this.current.models.map((model) =>
      create(ModelDetailsSchema, {
        modelId: model.id,
        displayModelId: model.id,
        displayName: model.displayName,
        displayNameShort: model.displayNameShort ?? model.displayName,
        aliases: model.aliases ?? [],
        thinkingDetails: model.thinking ? {} : undefined,
      }),
    );
  }
}

/** `cli-2026.10.01-e373342` → `2026.10.01` (zero-padded, so it compares as text). */
function datePart(header: string | undefined): string {
  const match = /(\d{4})\.(\d{1,2})\.(\d{1,2})/.exec(header ?? '');
  return match ? `${match[1]}.${match[2].padStart(2, '0')}.${match[3].padStart(2, '0')}` : '';
}
