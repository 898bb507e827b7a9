import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from './error-handler.js';

/**
 * Serves the built dashboard at `/`. Unknown paths that a browser navigates
 * to get index.html (client-side routes); API paths and other clients get the
 * JSON 404 envelope.
 */
export async function registerDashboard(app: FastifyInstance, distDir: string): Promise<void> {
  const hasDashboard = existsSync(path.join(distDir, 'index.html'));
  if (hasDashboard) {
    await app.register(fastifyStatic, { root: distDir, prefix: '/', index: ['index.html'], wildcard: false });
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
