// The client's model id → the Cursor model a turn runs on.
//
// Order: `cursor:<id>` is sent as-is (a thinking model when it ends in `-thinking`); an exact
// Cursor id or alias wins; otherwise the first model-map pattern that matches the id picks a
// Cursor model (the highest version among the matches); a pattern whose targets match nothing
// falls back to `default` (Cursor's Auto). Then the thinking and effort variants
// (`<id>-thinking`, `<id>-high`, `<id>-high-thinking`) replace the base id when the request
// asks for them and Cursor lists them.
import type { Effort } from './conversation.js';
import type { CursorModel, TurnModel } from './engine-api.js';
import { ApiError } from './http/api-error.js';

/**
 * Client id glob (`*` = anything, case-insensitive) → Cursor id globs separated by `|`, tried
 * in order. Earlier entries win.
 */
export type ModelMap = Record<string, string>;

export const DEFAULT_MODEL_MAP: Readonly<ModelMap> = {
  'claude-*opus*': '*opus*',
  opus: '*opus*',
  'claude-*sonnet*': '*sonnet*',
  sonnet: '*sonnet*',
  // Claude Code's small/fast calls: a haiku when Cursor has one, else Cursor's own fast models.
  'claude-*haiku*': '*haiku*|composer*|*fast*',
  haiku: '*haiku*|composer*|*fast*',
};

export const MODEL_MAP_ENV = 'THALAMUS_MODEL_MAP';
/** Cursor's Auto. */
export const AUTO_MODEL_ID = 'default';
const FORCED_PREFIX = 'cursor:';
/** Claude Code's 1M-context marker: Cursor's Max mode, where the model has one. */
const CONTEXT_SUFFIX = /\[1m\]$/i;
/** How model lists spell a Max mode variant; Claude Code shows a bare id and its `[1m]` twin as one model with a 1M choice. */
export const MAX_MODE_SUFFIX = '[1m]';
/**
 * Anthropic-shaped model lists name every Cursor model under an id Claude Code's gateway discovery
 * keeps (it keeps ids containing `claude`, claude-code.md §9): Cursor's own id when it has
 * `claude` in it, else this prefix before it. Such an id resolves back to the Cursor model.
 */
export const CLAUDE_LISTING_PREFIX = 'claude-via-cursor-';
const THINKING_SUFFIX = '-thinking';
/** Variant: Cursor's effort suffixes; `max` has none of its own and takes the highest. */
const EFFORT_SUFFIX: Readonly<Record<Effort, string>> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
  max: 'xhigh',
};
const VARIANT_SUFFIX = /-(?:thinking|low|medium|high|xhigh)$/;

/** The defaults, with `THALAMUS_MODEL_MAP` (a JSON object) taking precedence. */
export function modelMapFromEnv(env: NodeJS.ProcessEnv = process.env): ModelMap {
  const raw = env[MODEL_MAP_ENV];
  if (!raw) return { ...DEFAULT_MODEL_MAP };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${MODEL_MAP_ENV} must be a JSON object of strings, e.g. {"claude-*opus*":"claude-4.5-opus"}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new Error(`${MODEL_MAP_ENV} must be a JSON object of strings, e.g. {"claude-*opus*":"claude-4.5-opus"}`);
  }
  const map: ModelMap = { ...(parsed as ModelMap) };
  for (const [pattern, target] of Object.entries(DEFAULT_MODEL_MAP)) if (!(pattern in map)) map[pattern] = target;
  return map;
}

/** A listed model: a Cursor model, or its Max mode variant (`<id>[1m]`, with the Max mode window as its window). */
export interface ListedModel extends CursorModel {
  maxMode: boolean;
}

/** Each model, followed by its Max mode variant where it has one; every id resolves back through resolveModel. */
export function withMaxModeVariants(models: CursorModel[]): ListedModel[] {
  return models.flatMap((model) => {
    const bare = { ...model, maxMode: false };
    if (model.maxModeWindow === undefined) return [bare];
    const { maxModeWindow, ...rest } = model;
    return [bare, { ...rest, id: `${model.id}${MAX_MODE_SUFFIX}`, contextWindow: maxModeWindow, maxMode: true }];
  });
}

export interface ModelRequest {
  model: string;
  thinking: boolean;
  effort?: Effort;
  /** Max mode asked for besides the id (Anthropic's context-1m beta), as a `[1m]` suffix asks for it. */
  maxMode?: boolean;
}

/**
 * Resolves a request's model. `listModels` is not called for `cursor:<id>`, so forcing an id
 * still works when Cursor's model list does not.
 */
export async function resolveModel(
  request: ModelRequest,
  listModels: () => Promise<CursorModel[]>,
  map: ModelMap,
): Promise<TurnModel> {
  const trimmed = request.model.trim();
  const suffixed = CONTEXT_SUFFIX.test(trimmed);
  const maxMode = suffixed || request.maxMode === true;
  const requested = trimmed.replace(CONTEXT_SUFFIX, '');
  if (requested.toLowerCase().startsWith(FORCED_PREFIX)) {
    const id = requested.slice(FORCED_PREFIX.length);
    return { id, thinking: id.endsWith(THINKING_SUFFIX), ...(maxMode ? { maxMode } : {}) };
  }
  const models = await listModels();
  const base = findListed(requested, models) ?? fromMap(requested, models, map);
  if (!base) {
    throw new ApiError(
      'unknown_model',
      `model "${request.model}" is not available. Available: ${models.map((m) => m.id).join(', ')} ` +
        `(or a Claude name: opus, sonnet, haiku, claude-…; or cursor:<id> to send an id as-is)`,
    );
  }
  const chosen = withVariants(base, request, models);
  if (maxMode && chosen.maxModeWindow === undefined) {
    throw new ApiError(
      'invalid_request',
      `model "${request.model}": Cursor's ${chosen.id} has no 1M context (Max mode); use ${suffixed ? `"${requested}" without [1m]` : 'it without the context-1m beta'}`,
      { param: 'model' },
    );
  }
  const contextWindow = maxMode ? chosen.maxModeWindow : chosen.contextWindow;
  return { id: chosen.id, thinking: chosen.thinking, ...(maxMode ? { maxMode } : {}), ...(contextWindow ? { contextWindow } : {}) };
}

/**
 * The model `GET /v1/models/:id` describes: a listed Cursor model by id or alias, or else the one
 * a client name resolves to, under the name asked for (clients look up the names they send,
 * such as `claude-sonnet-4-5`). Unknown names throw `bad_model`, like a turn's.
 */
export async function lookUpModel(id: string, listModels: () => Promise<CursorModel[]>, map: ModelMap): Promise<CursorModel> {
  const models = await listModels();
  const listed = findListed(id, models);
  // A listing id (claude-via-cursor-…) is answered under that id, as clients look up what they send.
  if (listed) return id.toLowerCase().startsWith(CLAUDE_LISTING_PREFIX) ? { ...listed, id } : listed;
  const resolved = await resolveModel({ model: id, thinking: false }, async () => models, map);
  const target = models.find((model) => model.id === resolved.id);
  return {
    id,
    displayName: `${id} (Cursor: ${target?.displayName || resolved.id})`,
    aliases: [],
    thinking: resolved.thinking,
    // The window the name gets (Max mode's for a `[1m]` id).
    ...(resolved.contextWindow ? { contextWindow: resolved.contextWindow } : {}),
  };
}

function findListed(id: string, models: CursorModel[]): CursorModel | undefined {
  const lower = id.toLowerCase();
  const wanted = lower.startsWith(CLAUDE_LISTING_PREFIX) ? lower.slice(CLAUDE_LISTING_PREFIX.length) : lower;
  return (
    models.find((model) => model.id.toLowerCase() === wanted) ??
    models.find((model) => model.aliases.some((alias) => alias.toLowerCase() === wanted))
  );
}

function fromMap(id: string, models: CursorModel[], map: ModelMap): CursorModel | undefined {
  const entry = Object.entries(map).find(([pattern]) => globMatches(pattern, id));
  if (!entry) return undefined;
  const bases = models.filter((model) => !isListedVariant(model, models));
  for (const target of entry[1].split('|')) {
    const best = highestVersion(bases.filter((model) => globMatches(target.trim(), model.id)));
    if (best) return best;
  }
  return findListed(AUTO_MODEL_ID, models);
}

/** `x-thinking` or `x-high` while `x` itself is listed: a variant, not a family's base. */
function isListedVariant(model: CursorModel, models: CursorModel[]): boolean {
  const stripped = model.id.replace(VARIANT_SUFFIX, '');
  return stripped !== model.id && models.some((other) => other.id === stripped || other.id === stripped.replace(VARIANT_SUFFIX, ''));
}

function withVariants(base: CursorModel, request: ModelRequest, models: CursorModel[]): CursorModel {
  const effort = request.effort ? `-${EFFORT_SUFFIX[request.effort]}` : undefined;
  const candidates: string[] = [];
  if (request.thinking && effort) candidates.push(`${base.id}${effort}${THINKING_SUFFIX}`);
  if (request.thinking) candidates.push(`${base.id}${THINKING_SUFFIX}`);
  if (effort) candidates.push(`${base.id}${effort}`);
  for (const id of candidates) {
    const variant = models.find((model) => model.id === id);
    if (variant) return variant;
  }
  return base;
}

function highestVersion(models: CursorModel[]): CursorModel | undefined {
  let best: CursorModel | undefined;
  for (const model of models) if (!best || compareVersions(versionOf(model.id), versionOf(best.id)) > 0) best = model;
  return best;
}

/** `claude-4.5-opus` and `claude-opus-4-5` both read as [4, 5]. */
function versionOf(id: string): number[] {
  return (id.match(/\d+/g) ?? []).map(Number);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Compiled globs: the patterns are the model map's, a handful, matched against every model on every request. */
const globs = new Map<string, RegExp>();

function globMatches(pattern: string, value: string): boolean {
  let glob = globs.get(pattern);
  if (glob === undefined) {
    const regex = pattern
      .split('*')
      .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    glob = new RegExp(`^${regex}$`, 'i');
    globs.set(pattern, glob);
  }
  return glob.test(value);
}
