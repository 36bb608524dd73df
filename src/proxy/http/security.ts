// Who may talk to the gateway: a loopback Host (DNS-rebinding defence), no foreign browser
// Origin, and the client key on every route but /health.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from './api-error.js';

const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `example.com:8080` → `example.com`; `[::1]:8080` → `[::1]`. */
function hostnameOf(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.split(':')[0]!;
}

/**
 * A page on evil.com can resolve its own name to 127.0.0.1 and read our answers; the Host
 * header still says evil.com. Only loopback names, or hosts the user listed, pass.
 */
export function checkHost(host: string | undefined, allowedHosts: readonly string[]): ApiError | undefined {
  if (host) {
    const lower = host.toLowerCase();
    const name = hostnameOf(lower);
    if (LOOPBACK_HOSTNAMES.has(name) || allowedHosts.some((allowed) => allowed.toLowerCase() === lower || allowed.toLowerCase() === name)) {
      return undefined;
    }
  }
  return new ApiError('forbidden', `Host "${host ?? ''}" is not allowed: Thalamus answers on loopback only (add it to allowedHosts to permit it)`);
}

export type OriginVerdict = 'none' | 'same-origin' | 'listed' | 'forbidden';

/**
 * Browsers send Origin on cross-site requests. Non-browser clients (Claude Code, SDKs) send none.
 * A page served by the gateway itself on a loopback name is same-origin.
 */
export function classifyOrigin(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): OriginVerdict {
  if (origin === undefined) return 'none';
  if (allowedOrigins.includes(origin)) return 'listed';
  try {
    const url = new URL(origin);
    if (host && url.host.toLowerCase() === host.toLowerCase() && LOOPBACK_HOSTNAMES.has(hostnameOf(url.host))) return 'same-origin';
  } catch {
    // `null` and other opaque origins are never ours.
  }
  return 'forbidden';
}

/**
 * The keys the client sent: `x-api-key` (Anthropic) and `Authorization: Bearer` (OpenAI,
 * ANTHROPIC_AUTH_TOKEN). Claude Code sends both when both variables are set.
 */
export function presentedKeys(headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) keys.push(apiKey);
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  if (bearer) keys.push(bearer);
  return keys;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests so neither the key's content nor its length leaks through timing. */
export function checkClientKey(presented: string[], clientKey: string): ApiError | undefined {
  if (presented.length === 0) {
    return new ApiError('unauthenticated', 'missing client key: send the Thalamus client key as x-api-key or Authorization: Bearer');
  }
  const expected = digest(clientKey);
  // Every candidate is compared, so timing does not tell which header held the key.
  const matches = presented.map((key) => timingSafeEqual(digest(key), expected));
  if (!matches.includes(true)) {
    return new ApiError('unauthenticated', 'invalid client key: use the key Thalamus shows in its settings');
  }
  return undefined;
}

export interface OriginPolicy {
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}

/**
 * Host and Origin checks, and CORS answers for listed origins (echoed, never `*`): an error to
 * answer with, 'answered' when this was a preflight (already answered), or undefined to go on.
 */
export function guardOrigin(req: IncomingMessage, res: ServerResponse, { allowedHosts, allowedOrigins }: OriginPolicy): ApiError | 'answered' | undefined {
  const host = req.headers.host;
  const hostError = checkHost(host, allowedHosts);
  if (hostError) return hostError;
  const origin = req.headers.origin;
  const verdict = classifyOrigin(origin, host, allowedOrigins);
  if (verdict === 'forbidden') return new ApiError('forbidden', `Origin "${origin}" is not allowed (add it to allowedOrigins to permit it)`);
  if (verdict === 'listed') {
    res.setHeader('access-control-allow-origin', origin!);
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      // A preflight carries no key: answer it before the key check.
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type, x-api-key, authorization');
      res.setHeader('access-control-max-age', '600');
      res.statusCode = 204;
      res.end();
      return 'answered';
    }
  }
  return undefined;
}

/** guardOrigin for the admin UI's Express routes. */
export function originGuard(policy: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    const verdict = guardOrigin(req, res, policy);
    if (verdict !== 'answered') next(verdict);
  };
}

export function clientKeyGuard(clientKey: string): RequestHandler {
  return (req, _res, next) => next(checkClientKey(presentedKeys(req.headers), clientKey));
}

/** Loopback addresses a listener may bind: 127.0.0.0/8, ::1 (also IPv4-mapped), localhost. */
function isLoopbackBind(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** What `serve --host` says when it binds beyond loopback: the risk in plain words. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackBind(host)) return undefined;
  return (
    `warning: --host ${host} is not loopback, so other machines can reach this gateway. Anyone who gets the ` +
    `client key can spend your Cursor subscription, and the key and your conversations cross the network ` +
    `unencrypted (plain HTTP). Bind 127.0.0.1 unless you mean this (requests must still name a loopback Host).`
  );
}
