// Runs in the page's own world (contextBridge.executeInMainWorld) and defines
// `window.thalamus`, a ThalamusApi over the bridge. This layer exists for one reason: an
// AbortSignal cannot cross the context bridge (it is not cloneable), so the chat's signal is
// turned into a stopChat call here, on the page's side.
//
// Electron serializes this function and runs it in the other world: it must not use
// anything from this module's scope, only its argument and the page's globals.
import type { ThalamusApi } from '../shared/thalamus-api.js';
import type { ThalamusBridge } from './bridge.js';

export function installThalamusApi(bridge: ThalamusBridge): void {
  const { chat, stopChat, ...calls } = bridge;
  const api: ThalamusApi = {
    ...calls,
    chat(request, onEvent, signal) {
      if (signal?.aborted) return Promise.resolve();
      const chatId = globalThis.crypto.randomUUID();
      // A listener object with a method, not a named arrow: bundlers that keep names wrap
      // named arrows in a helper (`__name`) this function cannot see in the page's world.
      const stopOnAbort = {
        handleEvent() {
          void stopChat(chatId);
        },
      };
      signal?.addEventListener('abort', stopOnAbort, { once: true });
      return chat(chatId, request, onEvent).finally(() => signal?.removeEventListener('abort', stopOnAbort));
    },
  };
  Object.defineProperty(globalThis, 'thalamus', { value: Object.freeze(api), enumerable: true, configurable: false, writable: false });
}
