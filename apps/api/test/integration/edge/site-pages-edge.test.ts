import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { composeProxyService } from '../../../src/composition/compose-edge.js';
import { readEdgeConfig } from '../../../src/config/edge.js';
import { sitePageRoutes } from '../../../src/http/routes/site-pages.routes.js';
import type { ProxyService } from '../../../src/modules/proxy/proxy.service.js';
import { NunjucksSitePageRenderer } from '../../../src/modules/site-pages/nunjucks-site-page-renderer.js';
import {
  SitePageService,
  type SiteState,
  type SiteStateLookup,
} from '../../../src/modules/site-pages/site-page.service.js';
import { freePorts, requestViaEdge, startNamedServer, type HttpAnswer } from './edge-helpers.js';

/** The hostings' states the API would read from its database. */
class SiteStates implements SiteStateLookup {
  readonly byName = new Map<string, SiteState>();
  async byUsername(username: string) {
    return this.byName.get(username);
  }
  async byDomain(domain: string) {
    return this.byName.get(domain);
  }
}

/** A guest whose own web server answers 503 (busy, in maintenance): its answer is its own. */
async function startBusyGuest(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '7' });
    response.end('guest maintenance page');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("visitors' pages through a real nginx edge and the API's route", () => {
  const closers: (() => Promise<void>)[] = [];
  const states = new SiteStates();
  let dataDir: string;
  let edgePort: number;
  let closedPort: number;
  let api: FastifyInstance;
  let service: ProxyService;

  const visit = (host: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpAnswer> =>
    requestViaEdge(edgePort, { method, host, path: '/blog/post?id=1', headers });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hb-pages-'));
    [edgePort, closedPort] = (await freePorts(2)) as [number, number];
    api = Fastify();
    api.setValidatorCompiler(validatorCompiler);
    api.setSerializerCompiler(serializerCompiler);
    const renderer = new NunjucksSitePageRenderer();
    await api.register(sitePageRoutes, {
      prefix: '/api/v1/site-pages',
      pages: new SitePageService({ lookup: states, renderer, baseDomain: 'localhost' }),
      styleHash: renderer.styleHash,
    });
    await api.listen({ host: '127.0.0.1', port: 0 });
    const apiPort = (api.server.address() as net.AddressInfo).port;

    const edge = readEdgeConfig(
      {
        HOSTBAY_EDGE: 'own',
        HOSTBAY_API_PORT: String(apiPort),
        HOSTBAY_SSH_FORWARD: 'off',
        HOSTBAY_EDGE_WORKERS: '1',
        HOSTBAY_EDGE_SHUTDOWN_TIMEOUT: '5s',
      },
      'user',
    );
    service = await composeProxyService(
      { edge, publicPort: edgePort, publicHost: '127.0.0.1', dataDir, baseDomain: 'localhost', apiBodyLimit: 65536 },
      new NodeProcessRunner(),
      { superviseIntervalMs: 200 },
    );
    await service.start();
    const busy = await startBusyGuest();
    const running = await startNamedServer('site:dave');
    closers.push(busy.close, running.close);
    // alice's machine is off: nothing listens on her web port.
    // SSH is not forwarded here (HOSTBAY_SSH_FORWARD=off); a route still names distinct ports.
    const route = (username: string, port: number, ssh: number) => ({
      username,
      webTarget: { host: '127.0.0.1', port },
      sshListenPort: ssh,
      sshTarget: { host: '127.0.0.1', port: ssh },
    });
    await service.addProxyRule(route('alice', closedPort, 2201));
    await service.addProxyRule(route('bob', busy.port, 2202));
    await service.addProxyRule(route('dave', running.port, 2203));
  });

  afterAll(async () => {
    await service?.stop();
    await api?.close();
    for (const close of closers) await close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows a stopped site’s visitors a 503 page in their language, for an hour, never cached', async () => {
    states.byName.set('alice', { status: 'STOPPED', suspended: false });
    const korean = await visit('alice.localhost', { 'Accept-Language': 'ko-KR,ko;q=0.9,en;q=0.8' });
    expect(korean.status).toBe(503);
    expect(korean.contentType).toBe('text/html; charset=utf-8');
    expect(korean.body).toContain('이 사이트는 중지되어 있습니다');
    expect(korean.headers).toMatchObject({
      'retry-after': '3600',
      'content-language': 'ko',
      vary: 'Accept-Language',
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex',
    });
    const english = await visit('alice.localhost', { 'Accept-Language': 'fr, en;q=0.5' });
    expect(english.body).toContain('This site is stopped');
    expect(english.headers['content-language']).toBe('en');
  });

  it('says a starting site comes back soon, whatever the method of the request', async () => {
    states.byName.set('alice', { status: 'STARTING', suspended: false });
    const posted = await requestViaEdge(edgePort, {
      method: 'POST',
      host: 'alice.localhost',
      path: '/contact',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(posted.status).toBe(503);
    expect(posted.headers['retry-after']).toBe('30');
    expect(posted.body).toContain('This site is starting');
  });

  it('says "being created" for a hosting the edge has no route for yet, and 404 for a name nobody has', async () => {
    states.byName.set('carol', { status: 'CREATING', suspended: false });
    const creating = await visit('carol.localhost', { 'Accept-Language': 'ko' });
    expect(creating.status).toBe(503);
    expect(creating.headers['retry-after']).toBe('60');
    expect(creating.body).toContain('이 사이트를 만들고 있습니다');

    const unknown = await visit('nobody.localhost');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['retry-after']).toBeUndefined();
    expect(unknown.body).toContain('There is no site at this address');
  });

  it('passes a guest’s own 503 and a running site through untouched', async () => {
    states.byName.set('bob', { status: 'RUNNING', suspended: false });
    const guest = await visit('bob.localhost', { 'Accept-Language': 'ko' });
    expect(guest.status).toBe(503);
    expect(guest.body).toBe('guest maintenance page');
    expect(guest.headers['retry-after']).toBe('7');
    expect((await visit('dave.localhost')).body).toBe('site:dave');
  });

  it('falls back to a fixed bilingual 503 page when the API does not answer either', async () => {
    await api.close();
    const page = await visit('alice.localhost', { 'Accept-Language': 'ko' });
    expect(page.status).toBe(503);
    expect(page.headers['retry-after']).toBe('60');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('지금은 이 사이트를 이용할 수 없습니다');
    expect(page.body).toContain('This site is unavailable right now');
    expect((await visit('nobody.localhost')).status).toBe(503);
  });
});
