import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from './error-handler.js';

/** Vite puts a content hash in every name under assets/: a changed file is a new URL, so a copy never goes stale. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed assets, so a browser must ask (cheaply, with ETag) before reusing it. */
export const REVALIDATE_CACHE = 'no-cache';

/** The Cache-Control of a dashboard file, by where it lies in the build (`relativePath` may end in .br or .gz). */
export function dashboardCacheControl(relativePath: string): string {
  const segments = relativePath.split(/[\\/]/);
  return segments.length > 1 && segments[0] === 'assets' ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}

/**
 * Serves the built dashboard at `/`. Unknown paths that a browser navigates
 * to get index.html (client-side routes); API paths and other clients get the
 * JSON 404 envelope. The build writes a .br and a .gz beside each file
 * (apps/web/vite.config.ts); they are sent as they are to clients that accept
 * them, so nothing is compressed per request and the edge passes them on untouched.
 */
export async function registerDashboard(app: FastifyInstance, distDir: string): Promise<void> {
  const hasDashboard = existsSync(path.join(distDir, 'index.html'));
  if (hasDashboard) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
      preCompressed: true,
      // send's own header (`public, max-age=0`) would overwrite the one set below.
      cacheControl: false,
      setHeaders: (response, filePath) => {
        response.setHeader('Cache-Control', dashboardCacheControl(path.relative(distDir, filePath)));
        // The body depends on Accept-Encoding, so a shared cache must key on it.
        response.setHeader('Vary', 'Accept-Encoding');
      },
    });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      (request.headers.accept ?? '').includes('text/html');
    if (hasDashboard && wantsPage) return reply.type('text/html').sendFile('index.html');
    return notFound(request, reply);
  });
}
