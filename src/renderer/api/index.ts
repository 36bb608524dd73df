// Which ThalamusApi the page talks to: the Electron preload's when it exposed one, else the
// gateway's admin API over HTTP with the key from the URL fragment.
import type { ThalamusApi } from '../../shared/thalamus-api';
import { rememberClientKey, takeClientKey } from './client-key';
import { createHttpApi } from './http-api';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). */
    thalamus?: ThalamusApi;
  }
}

export type Runtime = 'desktop' | 'browser';

export const runtime: Runtime = window.thalamus ? 'desktop' : 'browser';

let clientKey = runtime === 'browser' ? takeClientKey() : undefined;

/** Browser mode: a key pasted by the user replaces the one from the link. */
export function setClientKey(key: string): void {
  clientKey = key;
  rememberClientKey(key);
}

export const api: ThalamusApi =
  window.thalamus ?? createHttpApi({ baseUrl: new URL('../admin/api/', window.location.href).href, clientKey: () => clientKey });

export { MissingKeyError } from './http-api';
