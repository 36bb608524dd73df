// GET /v1/models and /v1/models/:id in OpenAI's shape: Cursor's own ids, and each model's context
// window (an extension field clients such as opencode read when present). A model with Max mode
// is also listed as `<id>[1m]`, whose window is the Max mode one.
import type { CursorModel } from '../engine-api.js';
import { withMaxModeVariants } from '../model-resolution.js';

export function openaiModel(model: CursorModel) {
  // Cursor gives no dates; 0 keeps the answer stable.
  return {
    id: model.id,
    object: 'model' as const,
    created: 0,
    owned_by: 'cursor',
    ...(model.contextWindow ? { context_window: model.contextWindow } : {}),
    ...(model.maxModeWindow ? { max_mode_context_window: model.maxModeWindow } : {}),
  };
}

export function openaiModelList(models: CursorModel[]) {
  return { object: 'list' as const, data: withMaxModeVariants(models).map(openaiModel) };
}
