// The window's pages come from `app://thalamus/…`, served by the main process from the built
// renderer (dist/renderer), each response carrying the Content-Security-Policy header.
// Variant: a custom protocol rather than file:// — file:// pages get no response headers to
// hold a CSP, and session.webRequest cannot filter custom schemes (electron#23413).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://thalamus`;
export const RENDERER_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Scripts, styles and images only from the app itself; network access only to the gateway on
 * loopback; no plugins, frames, forms or <base>.
 */
export function contentSecurityPolicy(gatewayUrl: string | undefined): string {
  const gateway = gatewayUrl ? new URL(gatewayUrl).origin : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${gateway}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The file an app:// URL names inside the renderer folder; undefined for anything outside it. */
export function rendererFilePath(requestUrl: string, rendererDir: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root) ? file : undefined;
}

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export async function rendererResponse(requestUrl: string, rendererDir: string, gatewayUrl: string | undefined): Promise<RendererResponse> {
  const headers = {
    'content-security-policy': contentSecurityPolicy(gatewayUrl),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  const file = rendererFilePath(requestUrl, rendererDir);
  if (!file) return { status: 404, headers };
  try {
    const body = new Uint8Array(await readFile(file));
    return { status: 200, headers: { ...headers, 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }, body };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return { status: 404, headers };
    throw error;
  }
}
