// The preload: exposes exactly one API to the page, `window.thalamus` (ThalamusApi), over IPC.
// Sandboxed, so it is bundled into one CommonJS file (scripts/bundle-preload.mjs).
//
// Variant: contextBridge.executeInMainWorld with a small page-side wrapper instead of a bare
// exposeInMainWorld('thalamus', api): ThalamusApi.chat takes an AbortSignal, and an
// AbortSignal passed to an exposed function fails to clone. The wrapper (main-world.ts) keeps
// the signal on the page's side; everything it calls is the bridge's proxied functions.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';
import { installThalamusApi } from './main-world.js';

contextBridge.executeInMainWorld({ func: installThalamusApi, args: [createBridge(ipcRenderer)] });
