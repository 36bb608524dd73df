// The built renderer (dist/renderer) at /ui/. No key is needed for these files: they are the
// same for everyone and hold no secret; the page gets the key from the URL fragment.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { originGuard } from '../http/security.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Logger } from '../log/logger.js';
import { adminErrorHandler } from './errors.js';

export const UI_PATH = '/ui';

export const DEFAULT_UI_DIR = fileURLToPath(new URL('dist/renderer/', PACKAGE_ROOT));

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface UiRoutesOptions {
  uiDir: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  log: Logger;
}

export function uiRoutes({ uiDir, allowedHosts, allowedOrigins, log }: UiRoutesOptions): Router {
  const router = express.Router();
  // The page needs no key, but still answers on loopback only (DNS rebinding).
  router.use(originGuard({ allowedHosts, allowedOrigins }));
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    // The login link must not tell cursor.com where it came from.
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-cache');
    next();
  });
  router.use(express.static(uiDir, { index: 'index.html', etag: false }));
  router.use((_req, res) => {
    const built = existsSync(join(uiDir, 'index.html'));
    res
      .status(built ? 404 : 503)
      .type('text/plain')
      .send(built ? 'Not found\n' : 'The Thalamus UI is not built: run `npm run build:ui` (npm start does it for you), then reload.\n');
  });
  router.use(adminErrorHandler(log));
  return router;
}
