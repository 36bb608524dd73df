// The preload's side of the IPC contract (src/shared/ipc.ts): ThalamusApi methods as invokes,
// and the test chat as a stream on its own channel. Nothing of Electron reaches the page:
// the bridge hands over plain values and ChatEvents only.
import {
  CHAT_START_CHANNEL,
  CHAT_STOP_CHANNEL,
  INVOKE_CHANNELS,
  INVOKE_METHODS,
  chatEventChannel,
  isFinalChatEvent,
  type ChatRequest,
  type InvokeMethod,
  type IpcResult,
} from '../shared/ipc.js';
import type { ChatEvent, ThalamusApi } from '../shared/thalamus-api.js';

/** What the bridge needs of Electron's ipcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * ThalamusApi minus the AbortSignal, which cannot cross the context bridge: the page-side
 * wrapper (main-world.ts) picks the chat id and turns the signal into stopChat.
 */
export type ThalamusBridge = Pick<ThalamusApi, InvokeMethod> & {
  chat(chatId: string, request: ChatRequest, onEvent: (event: ChatEvent) => void): Promise<void>;
  stopChat(chatId: string): Promise<void>;
};

function unwrap<T>(result: unknown): T {
  const answer = result as IpcResult<T>;
  if (answer.ok) return answer.value;
  throw new Error(answer.message);
}

export function createBridge(ipc: IpcRendererLike): ThalamusBridge {
  const invoke = async <T>(channel: string, ...args: unknown[]): Promise<T> => unwrap<T>(await ipc.invoke(channel, ...args));
  const calls = Object.fromEntries(
    INVOKE_METHODS.map((method) => [method, (...args: unknown[]) => invoke(INVOKE_CHANNELS[method], ...args)]),
  ) as Pick<ThalamusApi, InvokeMethod>;

  return {
    ...calls,
    chat(chatId, request, onEvent) {
      const channel = chatEventChannel(chatId);
      return new Promise<void>((resolve) => {
        const listener = (_event: unknown, chatEvent: unknown) => {
          const event = chatEvent as ChatEvent;
          onEvent(event);
          if (!isFinalChatEvent(event)) return;
          ipc.removeListener(channel, listener);
          resolve();
        };
        // Listening first: the first event may come right after the start is accepted.
        ipc.on(channel, listener);
        invoke<void>(CHAT_START_CHANNEL, chatId, request).catch((error: unknown) => listener(undefined, { type: 'error', message: (error as Error).message }));
      });
    },
    stopChat: (chatId) => invoke<void>(CHAT_STOP_CHANNEL, chatId),
  };
}
