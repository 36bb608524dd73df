// The desktop test chat, run inside the engine process: one plain-text turn through the
// engine, its events sent back to main as ChatEvents. Aborting the signal cancels the run.
import type { Engine } from '../proxy/engine-api.js';
import { chatConversation, chatErrorMessage } from '../proxy/admin/chat.js';
import { resolveModel, type ModelMap } from '../proxy/models.js';
import type { ChatRequest } from '../shared/ipc.js';
import type { ChatEvent } from '../shared/thalamus-api.js';

/** Sends exactly one final event (`done` or `error`), also when stopped. */
export async function runChat(
  engine: Engine,
  modelMap: ModelMap,
  request: ChatRequest,
  send: (event: ChatEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let final: ChatEvent | undefined;
  const finish = (event: ChatEvent) => {
    if (final) return;
    final = event;
    send(event);
  };
  try {
    const model = await resolveModel({ model: request.model, thinking: false }, () => engine.listModels(), modelMap);
    send({ type: 'model', model: model.id });
    for await (const event of engine.runTurn(chatConversation(request), { model, signal })) {
      // Leaving the loop cancels the upstream run; after the final event the engine finishes on its own.
      if (signal.aborted) break;
      if (final) continue;
      if (event.type === 'text' || event.type === 'thinking') send({ type: event.type, text: event.text });
      else if (event.type === 'end') finish({ type: 'done' });
      else if (event.type === 'error') finish({ type: 'error', message: chatErrorMessage(event.error) });
    }
    finish(signal.aborted ? { type: 'done' } : { type: 'error', message: 'The answer ended before Cursor finished it.' });
  } catch (error) {
    finish(signal.aborted ? { type: 'done' } : { type: 'error', message: chatErrorMessage(error) });
  }
}
