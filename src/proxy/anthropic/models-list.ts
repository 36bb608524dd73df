// GET /v1/models and /v1/models/:id in Anthropic's shape (chosen when the request carries `anthropic-version`).
// Every id contains `claude`, so Claude Code's gateway discovery lists them all (claude-code.md §9),
// and the display name says which model really answers. A model with Max mode is listed twice,
// bare and as `<id>[1m]`: Claude Code shows the pair as one model with a 1M choice.
import type { CursorModel } from '../engine-api.js';
import { CLAUDE_LISTING_PREFIX, withMaxModeVariants, type ListedModel } from '../model-resolution.js';

/** Cursor gives no dates; a fixed one keeps the list stable. */
const CREATED_AT = '1970-01-01T00:00:00Z';

/** `claude-4.5-sonnet` stays; `gpt-5` is listed as `claude-via-cursor-gpt-5` (resolved back by models.ts). */
export function anthropicListingId(id: string): string {
  return /claude/i.test(id) ? id : `${CLAUDE_LISTING_PREFIX}${id}`;
}

export function anthropicModel(model: CursorModel) {
  return { type: 'model' as const, id: model.id, display_name: model.displayName || model.id, created_at: CREATED_AT };
}

/** 1_000_000 → "1M", 272_000 → "272K". */
function windowWords(tokens: number): string {
  return tokens >= 1_000_000 ? `${Math.round(tokens / 100_000) / 10}M` : `${Math.round(tokens / 1000)}K`;
}

/** One listed Cursor model: an id discovery keeps, and an honest name ("GPT-5 · via Cursor", "GPT-5 · Max mode, 1M context · via Cursor"). */
function listedModel(model: ListedModel) {
  const name = model.displayName || model.id;
  const mode = model.maxMode && model.contextWindow ? ` · Max mode, ${windowWords(model.contextWindow)} context` : '';
  return anthropicModel({ ...model, id: anthropicListingId(model.id), displayName: `${name}${mode} · via Cursor` });
}

export function anthropicModelList(models: CursorModel[]) {
  const data = withMaxModeVariants(models).map(listedModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
