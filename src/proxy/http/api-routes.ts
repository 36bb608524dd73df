// The API's routes on plain node:http, matched by find-my-way (fastify's router). Express stays
// for the admin UI (`serve --ui`) only: a request that went through Express stayed alive through
// every young-generation GC until the next full one. Measured with the Claude Code body over one
// keep-alive connection: ~910 KB copied by each scavenge (3-4 ms pauses) behind an Express route,
// 3.5 KB (0.2-0.4 ms) behind node:http with the same body parser (README, "A lean engine").
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';

/** One API request as a route sees it. */
export interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path without the query string. */
  path: string;
  params: Record<string, string | undefined>;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  requestId: string;
  /** One request header by its lower-case name (the first, when sent twice). */
  header(name: string): string | undefined;
}

export type RouteHandler = (call: ApiCall) => unknown;

export interface RouteMatch {
  handle: RouteHandler;
  params: Record<string, string | undefined>;
}

export class ApiRoutes {
  // As Express matched: any case, a trailing slash allowed; a doubled slash (a base URL that
  // ends in `/`) is forgiven too.
  private readonly router = FindMyWay({ caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });

  get(path: string, handle: RouteHandler): void {
    this.router.on('GET', path, unused, { handle });
  }

  post(path: string, handle: RouteHandler): void {
    this.router.on('POST', path, unused, { handle });
  }

  delete(path: string, handle: RouteHandler): void {
    this.router.on('DELETE', path, unused, { handle });
  }

  /** The route for `method` and `url` (query string allowed), or undefined. */
  match(method: string, url: string): RouteMatch | undefined {
    const found = this.router.find(method as FindMyWay.HTTPMethod, url);
    if (!found) return undefined;
    return { handle: (found.store as { handle: RouteHandler }).handle, params: found.params };
  }
}

/** find-my-way calls handlers itself only through lookup(), which is not used: the store carries ours. */
function unused(): void {}

/** A request header by lower-case name: the first value when it came more than once. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The path of a request URL, without its query string. */
export function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query < 0 ? path : path.slice(0, query);
}

/** The query parameters of a request URL. */
export function queryOf(url: string | undefined): URLSearchParams {
  const query = url?.indexOf('?') ?? -1;
  return new URLSearchParams(query < 0 ? '' : url!.slice(query + 1));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
