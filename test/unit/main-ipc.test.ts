// The preload bridge, the page-side wrapper and the main-process handlers wired together
// through an in-memory stand-in for Electron's IPC.
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { describe, test } from 'node:test';
import { registerIpcHandlers, type InvokeEventLike, type IpcMainLike } from '../../src/main/ipc-handlers.js';
import { createBridge, type IpcRendererLike } from '../../src/preload/bridge.js';
import { installThalamusApi } from '../../src/preload/main-world.js';
import { INVOKE_CHANNELS } from '../../src/shared/ipc.js';
import type { ChatEvent, Settings, StatusView, ThalamusApi } from '../../src/shared/thalamus-api.js';
import { sampleUsageView } from '../helpers/usage.js';

const PAGE_URL = 'app://thalamus/index.html';

/** ipcMain and one page's ipcRenderer, connected in memory. */
function fakeIpc(frameUrl = PAGE_URL) {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const destroyedListeners: Array<() => void> = [];
  let destroyed = false;
  const event: InvokeEventLike = {
    senderFrame: { url: frameUrl },
    sender: {
      send: (channel, ...args) => queueMicrotask(() => listeners.get(channel)?.forEach((listener) => listener({}, ...args))),
      isDestroyed: () => destroyed,
      once: (_name, listener) => destroyedListeners.push(listener),
    },
  };
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Structured clone, as Electron copies IPC arguments and answers.
      return structuredClone(await handler(event, ...structuredClone(args)));
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  return {
    ipcMain,
    ipcRenderer,
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    closePage: () => {
      destroyed = true;
      destroyedListeners.forEach((listener) => listener());
    },
  };
}

const STATUS: StatusView = {
  gateway: { state: 'running', url: 'http://127.0.0.1:3013', demo: false },
  account: { loggedIn: true, needsLogin: false },
  login: { state: 'idle' },
  requestsToday: 3,
};

function fakeApi(overrides: Partial<ThalamusApi> = {}): ThalamusApi & { stops: number; stopped: Promise<void> } {
  const settings: Settings = { port: 3013, defaultModel: '', smallFastModel: '', opusModel: '', sonnetModel: '', haikuModel: '', openAtLogin: false, fallback: '', dailyRequestLimit: null, apiPoolStopPercent: null };
  let markStopped!: () => void;
  const api = {
    stops: 0,
    /** Settles when a chat was stopped by its signal. */
    stopped: new Promise<void>((resolve) => (markStopped = resolve)),
    getStatus: async () => STATUS,
    startLogin: async () => ({ state: 'waiting' as const, url: 'https://cursor.com/loginDeepControl' }),
    cancelLogin: async () => {},
    logout: async () => {},
    listModels: async () => [{ id: 'gpt-5', displayName: 'GPT-5' }],
    getSettings: async () => settings,
    updateSettings: async (patch: Partial<Settings>) => {
      if (patch.port === 0) throw new Error('port must be a port number (1–65535)');
      return { ...settings, ...patch };
    },
    getClientConfig: async () => ({ baseUrl: 'http://127.0.0.1:3013', clientKey: 'thl_key' }),
    getUsage: async () => sampleUsageView(),
    listRequests: async () => ({ records: [], skipped: 0 }),
    getCapture: async () => false,
    setCapture: async (enabled: boolean) => enabled,
    createReport: async () => ({ fileName: 'thalamus-report.zip', savedTo: '/downloads/thalamus-report.zip' }),
    async chat(_request: unknown, onEvent: (event: ChatEvent) => void, signal?: AbortSignal) {
      onEvent({ type: 'model', model: 'gpt-5' });
      onEvent({ type: 'text', text: 'Hel' });
      await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      api.stops += 1;
      markStopped();
      onEvent({ type: 'done' });
    },
    previewClaudeSettings: async () => ({ path: '/h/.claude/settings.json', before: '', after: '{}' }),
    applyClaudeSettings: async () => ({ path: '/h/.claude/settings.json' }),
    undoClaudeSettings: async () => {},
    previewCodexConfig: async () => ({ path: '/h/.codex/config.toml', before: '', after: 'model = "gpt-5"\n' }),
    applyCodexConfig: async () => ({ path: '/h/.codex/config.toml' }),
    undoCodexConfig: async () => {},
    ...overrides,
  };
  return api;
}

/** The page's `window.thalamus`, installed the way Electron runs the main-world function: from its source text. */
function pageApi(ipcRenderer: IpcRendererLike): ThalamusApi {
  const page = { crypto: globalThis.crypto, bridge: createBridge(ipcRenderer) } as { thalamus?: ThalamusApi };
  runInNewContext(`(${installThalamusApi.toString()})(bridge)`, page);
  assert.ok(page.thalamus, 'window.thalamus is defined');
  return page.thalamus;
}

const isTrusted = (url: string) => url.startsWith('app://thalamus/');

describe('preload ↔ main IPC', () => {
  test('every invoke method has its own channel', () => {
    assert.equal(new Set(Object.values(INVOKE_CHANNELS)).size, Object.keys(INVOKE_CHANNELS).length);
  });

  test('window.thalamus answers through main, and main’s errors arrive as plain messages', async () => {
    const ipc = fakeIpc();
    registerIpcHandlers(ipc.ipcMain, fakeApi(), isTrusted);
    const thalamus = pageApi(ipc.ipcRenderer);
    assert.deepEqual(await thalamus.getStatus(), STATUS);
    assert.deepEqual(await thalamus.listModels(), [{ id: 'gpt-5', displayName: 'GPT-5' }]);
    assert.equal((await thalamus.updateSettings({ defaultModel: 'gpt-5' })).defaultModel, 'gpt-5');
    await assert.rejects(thalamus.updateSettings({ port: 0 }), (error: Error) => error.message === 'port must be a port number (1–65535)');
    assert.equal(Object.isFrozen(thalamus), true);
  });

  test('the chat streams events, and the page’s AbortSignal stops it', async () => {
    const ipc = fakeIpc();
    const api = fakeApi();
    registerIpcHandlers(ipc.ipcMain, api, isTrusted);
    const thalamus = pageApi(ipc.ipcRenderer);
    const events: ChatEvent[] = [];
    const abort = new AbortController();
    await thalamus.chat({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }, (event) => {
      events.push(event);
      if (event.type === 'text') abort.abort();
    }, abort.signal);
    assert.deepEqual(events, [{ type: 'model', model: 'gpt-5' }, { type: 'text', text: 'Hel' }, { type: 'done' }]);
    assert.equal(api.stops, 1);
    assert.equal(ipc.listenerCount(), 0, 'the chat channel listener is gone');
  });

  test('a chat that throws in main still ends with an error event', async () => {
    const ipc = fakeIpc();
    registerIpcHandlers(ipc.ipcMain, fakeApi({ chat: async () => Promise.reject(new Error('engine exploded')) }), isTrusted);
    const events: ChatEvent[] = [];
    await pageApi(ipc.ipcRenderer).chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, (event) => events.push(event));
    assert.deepEqual(events, [{ type: 'error', message: 'engine exploded' }]);
  });

  test('closing the page stops its chats', async () => {
    const ipc = fakeIpc();
    const api = fakeApi();
    registerIpcHandlers(ipc.ipcMain, api, isTrusted);
    const bridge = createBridge(ipc.ipcRenderer);
    void bridge.chat('chat-1', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, (event) => {
      if (event.type === 'text') ipc.closePage();
    });
    await api.stopped;
    assert.equal(api.stops, 1);
  });

  test('a frame that is not the app’s page is refused', async () => {
    const ipc = fakeIpc('https://evil.example/');
    let called = false;
    registerIpcHandlers(ipc.ipcMain, fakeApi({ getStatus: async () => ((called = true), STATUS) }), isTrusted);
    const thalamus = pageApi(ipc.ipcRenderer);
    await assert.rejects(thalamus.getStatus(), /may not use Thalamus/);
    const events: ChatEvent[] = [];
    await thalamus.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, (event) => events.push(event));
    assert.deepEqual(events, [{ type: 'error', message: 'This page may not use Thalamus.' }]);
    assert.equal(called, false);
  });

  test('a bad chat id is refused', async () => {
    const ipc = fakeIpc();
    registerIpcHandlers(ipc.ipcMain, fakeApi(), isTrusted);
    const events: ChatEvent[] = [];
    await createBridge(ipc.ipcRenderer).chat('../../x y', { model: 'm', messages: [] }, (event) => events.push(event));
    assert.deepEqual(events, [{ type: 'error', message: 'A chat needs a new, short id.' }]);
  });
});
