// GET /v1/models and /v1/models/:id in OpenAI's shape.
import type { CursorModel } from '../engine-api.js';

export function openaiModel(model: CursorModel) {
  // Cursor gives no dates; 0 keeps the answer stable.
  return { id: model.id, object: 'model' as const, created: 0, owned_by: 'cursor' };
}

export function openaiModelList(models: CursorModel[]) {
  return { object: 'list' as const, data: models.map(openaiModel) };
}
