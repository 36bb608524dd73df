// The client key in browser mode. `thalamus serve --ui` prints `…/ui/#key=<key>`: the fragment
// never reaches the server (nor its logs). The page moves the key into sessionStorage, which
// lives as long as the tab, and takes it out of the address bar and the history.

const STORAGE_KEY = 'thalamus.clientKey';
const FRAGMENT_KEY = /(?:^#|&)key=([^&]+)/;

export function takeClientKey(location: Location = window.location, history: History = window.history, storage: Storage = window.sessionStorage): string | undefined {
  const match = FRAGMENT_KEY.exec(location.hash);
  if (match) {
    const key = decodeURIComponent(match[1]!);
    storage.setItem(STORAGE_KEY, key);
    history.replaceState(history.state, '', location.pathname + location.search);
    return key;
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}

export function rememberClientKey(key: string, storage: Storage = window.sessionStorage): void {
  storage.setItem(STORAGE_KEY, key);
}

export function forgetClientKey(storage: Storage = window.sessionStorage): void {
  storage.removeItem(STORAGE_KEY);
}
