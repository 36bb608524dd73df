// GET /v1/models in OpenAI's shape.
import type { CursorModel } from '../engine-api.js';

export function openaiModelList(models: CursorModel[]) {
  return {
    object: 'list' as const,
    // Cursor gives no dates; 0 keeps the list stable.
    data: models.map((model) => ({ id: model.id, object: 'model' as const, created: 0, owned_by: 'cursor' })),
  };
}
