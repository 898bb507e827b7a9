import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRequestMetrics } from '../../../src/http/request-metrics.js';
import type { RequestObserver } from '../../../src/modules/metrics/metrics.ports.js';

type Answer = Parameters<RequestObserver['requestFinished']>[0];

describe('the API request metrics', () => {
  const apps: ReturnType<typeof Fastify>[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  async function app() {
    const seen: Answer[] = [];
    const server = Fastify();
    apps.push(server);
    registerRequestMetrics(server, { requestFinished: (answer) => void seen.push(answer) });
    server.get('/api/v1/admin/users/:id', async (request, reply) =>
      (request.params as { id: string }).id === 'missing' ? reply.status(404).send({}) : { ok: true },
    );
    await server.register(async (plugin) => plugin.post('/things', async () => ({ ok: true })), { prefix: '/api/v1' });
    return { server, seen };
  }

  it('labels an answer with its route pattern, never the URL, whatever ids and query it carried', async () => {
    const { server, seen } = await app();
    await server.inject({ method: 'GET', url: '/api/v1/admin/users/3f0c1b9e-1111-4a2b-9c3d-000000000001?tab=1' });
    await server.inject({ method: 'GET', url: '/api/v1/admin/users/missing' });
    await server.inject({ method: 'POST', url: '/api/v1/things', payload: {} });
    expect(seen.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'GET', route: '/api/v1/admin/users/:id', status: 200 },
      { method: 'GET', route: '/api/v1/admin/users/:id', status: 404 },
      { method: 'POST', route: '/api/v1/things', status: 200 },
    ]);
    expect(seen.every((answer) => answer.seconds >= 0 && answer.seconds < 5)).toBe(true);
  });

  it('puts every URL no route takes under one label, so that scanners make no new series', async () => {
    const { server, seen } = await app();
    for (const url of ['/wp-login.php', '/api/v1/nothing/here', '/.env?x=1'])
      await server.inject({ method: 'GET', url });
    expect(new Set(seen.map((answer) => `${answer.route} ${answer.status}`))).toEqual(new Set(['unmatched 404']));
  });
});
