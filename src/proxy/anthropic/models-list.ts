// GET /v1/models and /v1/models/:id in Anthropic's shape (chosen when the request carries `anthropic-version`).
// Every id contains `claude`, so Claude Code's gateway discovery lists them all (claude-code.md §9),
// and the display name says which model really answers.
import type { CursorModel } from '../engine-api.js';
import { CLAUDE_LISTING_PREFIX } from '../models.js';

/** Cursor gives no dates; a fixed one keeps the list stable. */
const CREATED_AT = '1970-01-01T00:00:00Z';

/** `claude-4.5-sonnet` stays; `gpt-5` is listed as `claude-via-cursor-gpt-5` (resolved back by models.ts). */
export function anthropicListingId(id: string): string {
  return /claude/i.test(id) ? id : `${CLAUDE_LISTING_PREFIX}${id}`;
}

export function anthropicModel(model: CursorModel) {
  return { type: 'model' as const, id: model.id, display_name: model.displayName || model.id, created_at: CREATED_AT };
}

/** One listed Cursor model: an id discovery keeps, and an honest name ("GPT-5 · via Cursor"). */
function listedModel(model: CursorModel) {
  return anthropicModel({ ...model, id: anthropicListingId(model.id), displayName: `${model.displayName || model.id} · via Cursor` });
}

export function anthropicModelList(models: CursorModel[]) {
  const data = models.map(listedModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
