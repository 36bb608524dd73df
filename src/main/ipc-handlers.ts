// The main-process side of the preload's IPC: one handler per ThalamusApi method, answers
// wrapped as IpcResult, and the test chat streamed on its own channel. Only the app's own
// page may call: a frame from anywhere else gets a refusal.
import { redact } from '../proxy/log/logger.js';
import {
  CHAT_START_CHANNEL,
  CHAT_STOP_CHANNEL,
  INVOKE_CHANNELS,
  INVOKE_METHODS,
  chatEventChannel,
  isFinalChatEvent,
  type ChatRequest,
  type IpcResult,
} from '../shared/ipc.js';
import type { ChatEvent, ThalamusApi } from '../shared/thalamus-api.js';

/** What the handlers need of Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
  sender: {
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    once(event: 'destroyed', listener: () => void): unknown;
  };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

const UNTRUSTED = 'This page may not use Thalamus.';
/** Chat ids come from the page: a short token, so they make a sane channel name. */
const CHAT_ID = /^[\w-]{1,64}$/;

export function registerIpcHandlers(ipcMain: IpcMainLike, api: ThalamusApi, isTrustedFrame: (url: string) => boolean): void {
  const trusted = (event: InvokeEventLike) => event.senderFrame !== null && isTrustedFrame(event.senderFrame.url);

  for (const method of INVOKE_METHODS) {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(INVOKE_CHANNELS[method], async (event, ...args) => {
      if (!trusted(event)) return failure(UNTRUSTED);
      try {
        return { ok: true, value: await call.apply(api, args) } satisfies IpcResult<unknown>;
      } catch (error) {
        return failure(messageOf(error));
      }
    });
  }

  const chats = new Map<string, AbortController>();
  ipcMain.handle(CHAT_START_CHANNEL, async (event, chatId, request) => {
    if (!trusted(event)) return failure(UNTRUSTED);
    if (typeof chatId !== 'string' || !CHAT_ID.test(chatId) || chats.has(chatId)) return failure('A chat needs a new, short id.');
    const abort = new AbortController();
    chats.set(chatId, abort);
    // The page closing or reloading ends its chats.
    event.sender.once('destroyed', () => abort.abort());
    const send = (chatEvent: ChatEvent) => {
      if (!event.sender.isDestroyed()) event.sender.send(chatEventChannel(chatId), chatEvent);
    };
    let final = false;
    void api
      .chat(request as ChatRequest, (chatEvent) => {
        final ||= isFinalChatEvent(chatEvent);
        send(chatEvent);
      }, abort.signal)
      .catch((error: unknown) => {
        if (!final) send({ type: 'error', message: messageOf(error) });
        final = true;
      })
      .finally(() => {
        if (!final) send({ type: 'done' });
        chats.delete(chatId);
      });
    return { ok: true, value: undefined } satisfies IpcResult<undefined>;
  });

  ipcMain.handle(CHAT_STOP_CHANNEL, async (event, chatId) => {
    if (!trusted(event)) return failure(UNTRUSTED);
    if (typeof chatId === 'string') chats.get(chatId)?.abort();
    return { ok: true, value: undefined } satisfies IpcResult<undefined>;
  });
}

function failure(message: string): IpcResult<never> {
  return { ok: false, message };
}

function messageOf(error: unknown): string {
  return redact(error instanceof Error ? error.message : 'Something went wrong.');
}
