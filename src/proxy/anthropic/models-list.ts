// GET /v1/models and /v1/models/:id in Anthropic's shape (chosen when the request carries `anthropic-version`).
import type { CursorModel } from '../engine-api.js';

/** Cursor gives no dates; a fixed one keeps the list stable. */
const CREATED_AT = '1970-01-01T00:00:00Z';

export function anthropicModel(model: CursorModel) {
  return { type: 'model' as const, id: model.id, display_name: model.displayName || model.id, created_at: CREATED_AT };
}

export function anthropicModelList(models: CursorModel[]) {
  return {
    data: models.map(anthropicModel),
    has_more: false,
    first_id: models[0]?.id ?? null,
    last_id: models.at(-1)?.id ?? null,
  };
}
