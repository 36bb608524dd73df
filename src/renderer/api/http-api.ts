// ThalamusApi over the gateway's admin API (`thalamus serve --ui`): the browser-mode twin of
// the Electron preload. Every call carries the client key as a bearer token.
import type { ChatEvent, ConfigFileApplied, ConfigFilePreview, LoginView, ModelView, Settings, StatusView, ThalamusApi } from '../../shared/thalamus-api';
import type { RequestList } from '../../shared/request-record';
import type { UsageView } from '../../shared/usage';
import { sseData } from './sse-data';

/** The gateway refused the key (or none was given): the page must ask for it. */
export class MissingKeyError extends Error {
  /** The gateway saw a key and refused it (rather than none being known). */
  readonly refused: boolean;

  constructor(refusal?: string) {
    super(refusal ?? 'This page needs the client key.');
    this.name = 'MissingKeyError';
    this.refused = refusal !== undefined;
  }
}

/** The gateway could not be reached at all. */
export class UnreachableError extends Error {
  constructor() {
    super('Thalamus is not answering. Is `thalamus serve --ui` still running?');
    this.name = 'UnreachableError';
  }
}

export interface HttpApiOptions {
  /** The admin API's URL, e.g. `http://127.0.0.1:3013/admin/api/`. */
  baseUrl: string;
  clientKey: () => string | undefined;
  fetch?: typeof fetch;
}

async function failure(response: Response): Promise<Error> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not our JSON: keep the status line.
  }
  return response.status === 401 ? new MissingKeyError(message) : new Error(message);
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof DOMException && error.name === 'AbortError');
}

export function createHttpApi(options: HttpApiOptions): ThalamusApi {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const key = options.clientKey();
    if (!key) throw new MissingKeyError();
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await fetchImpl(new URL(path, options.baseUrl), { ...init, headers });
    } catch (error) {
      if (isAbort(error, init.signal ?? undefined)) throw error;
      throw new UnreachableError();
    }
    if (!response.ok) throw await failure(response);
    return response;
  }
  const getJson = async <T>(path: string): Promise<T> => (await (await send(path)).json()) as T;
  const sendJson = async <T>(path: string, body?: unknown, method = 'POST'): Promise<T> =>
    (await (await send(path, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json()) as T;
  const post = async (path: string): Promise<void> => void (await send(path, { method: 'POST' }));

  return {
    getStatus: () => getJson<StatusView>('status'),
    startLogin: () => sendJson<LoginView>('login'),
    cancelLogin: () => post('login/cancel'),
    logout: () => post('logout'),
    listModels: () => getJson<ModelView[]>('models'),
    getSettings: () => getJson<Settings>('settings'),
    updateSettings: (patch) => sendJson<Settings>('settings', patch, 'PATCH'),
    getClientConfig: () => getJson<{ baseUrl: string; clientKey: string }>('client-config'),
    previewClaudeSettings: () => getJson<ConfigFilePreview>('claude-settings/preview'),
    applyClaudeSettings: () => sendJson<ConfigFileApplied>('claude-settings/apply'),
    undoClaudeSettings: () => post('claude-settings/undo'),
    previewCodexConfig: () => getJson<ConfigFilePreview>('codex-config/preview'),
    applyCodexConfig: () => sendJson<ConfigFileApplied>('codex-config/apply'),
    undoCodexConfig: () => post('codex-config/undo'),
    getUsage: (refresh = false) => getJson<UsageView>(refresh ? 'usage?refresh=1' : 'usage'),
    listRequests: (limit) => getJson<RequestList>(limit === undefined ? 'requests' : `requests?limit=${limit}`),
    getCapture: async () => (await getJson<{ enabled: boolean }>('capture')).enabled,
    setCapture: async (enabled) => (await sendJson<{ enabled: boolean }>('capture', { enabled }, 'PUT')).enabled,
    async createReport() {
      const response = await send('report');
      const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'thalamus-report.zip';
      return { fileName, data: new Uint8Array(await response.arrayBuffer()) };
    },

    async chat(request, onEvent, signal) {
      try {
        const response = await send('chat', { method: 'POST', body: JSON.stringify(request), signal });
        for await (const data of sseData(response.body!)) onEvent(JSON.parse(data) as ChatEvent);
      } catch (error) {
        // Stop is not a failure: the answer so far stays as it is.
        if (isAbort(error, signal)) return;
        throw error;
      }
    },
  };
}
