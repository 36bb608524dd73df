// The IPC contract between the preload and the main process: channel names, the result
// envelope, and the test chat's event stream. Imported by both sides.
import type { ChatEvent, ChatMessage, ThalamusApi } from './thalamus-api.js';

/** Every ThalamusApi method but `chat` is one `ipcRenderer.invoke` on its own channel. */
export type InvokeMethod = Exclude<keyof ThalamusApi, 'chat'>;

export const INVOKE_CHANNELS = {
  getStatus: 'thalamus:get-status',
  startLogin: 'thalamus:start-login',
  cancelLogin: 'thalamus:cancel-login',
  logout: 'thalamus:logout',
  listModels: 'thalamus:list-models',
  getSettings: 'thalamus:get-settings',
  updateSettings: 'thalamus:update-settings',
  getClientConfig: 'thalamus:get-client-config',
  previewClaudeSettings: 'thalamus:preview-claude-settings',
  applyClaudeSettings: 'thalamus:apply-claude-settings',
  undoClaudeSettings: 'thalamus:undo-claude-settings',
  previewCodexConfig: 'thalamus:preview-codex-config',
  applyCodexConfig: 'thalamus:apply-codex-config',
  undoCodexConfig: 'thalamus:undo-codex-config',
  getUsage: 'thalamus:get-usage',
  listRequests: 'thalamus:list-requests',
  getCapture: 'thalamus:get-capture',
  setCapture: 'thalamus:set-capture',
  createReport: 'thalamus:create-report',
} as const satisfies Record<InvokeMethod, string>;

export const INVOKE_METHODS = Object.keys(INVOKE_CHANNELS) as InvokeMethod[];

/** `invoke(CHAT_START_CHANNEL, chatId, request)`: answers at once; the events follow on chatEventChannel(chatId). */
export const CHAT_START_CHANNEL = 'thalamus:chat-start';
/** `invoke(CHAT_STOP_CHANNEL, chatId)`: stops that chat; a final `done` event follows. */
export const CHAT_STOP_CHANNEL = 'thalamus:chat-stop';

/** Each chat streams on its own channel, so a page never sees another chat's events. */
export function chatEventChannel(chatId: string): string {
  return `thalamus:chat-event:${chatId}`;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
}

/** The last event of every chat stream: after it, nothing more comes on the channel. */
export function isFinalChatEvent(event: ChatEvent): boolean {
  return event.type === 'done' || event.type === 'error';
}

/**
 * What every invoke answers. Errors travel as data: a thrown error would reach the page as
 * "Error invoking remote method '…': Error: …" instead of the message a person should read.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; message: string };
