import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import { EdgeApplier } from '../../../src/modules/proxy/edge-applier.js';
import type { EdgeLayout } from '../../../src/modules/proxy/edge-renderer.js';
import { EdgeApplyError } from '../../../src/modules/proxy/proxy.errors.js';
import { ProxyService } from '../../../src/modules/proxy/proxy.service.js';
import { InvalidRouteError, type ProxyRoute } from '../../../src/modules/proxy/route.js';
import { FakeEdgeStore } from './fakes/fake-edge-store.js';
import { FakeEdgeProbe, FakeEdgeRenderer, FakeNginx } from './fakes/fake-nginx.js';

const LAYOUT: EdgeLayout = {
  pidFile: '/var/lib/hostbay/edge/prefix/nginx.pid',
  lockFile: '/var/lib/hostbay/edge/prefix/nginx.lock',
  errorLog: '/var/lib/hostbay/edge/prefix/logs/error.log',
  tempDir: '/var/lib/hostbay/edge/prefix/temp',
  user: undefined,
  workerProcesses: 1,
  workerShutdownTimeoutSeconds: 5,
  streamModule: undefined,
  listen: { host: '127.0.0.1', port: 8080 },
  api: { host: '127.0.0.1', port: 8081 },
  apiBodyLimit: 65536,
  realIpFrom: [],
  baseDomain: 'localhost',
  sshListenHost: '127.0.0.1',
  maxOpenFiles: 65536,
  tls: undefined,
};

let nextPort = 0;
function route(username: string, sshListenPort = 22000 + nextPort): ProxyRoute {
  nextPort += 1;
  return {
    username,
    webTarget: { host: '127.0.0.1', port: 30000 + nextPort },
    sshListenPort,
    sshTarget: { host: '127.0.0.1', port: 31000 + nextPort },
  };
}

/** ProxyService wired as compose-edge.ts wires it, over an in-memory store and a fake nginx. */
function edge(store = new FakeEdgeStore(), nginx = new FakeNginx(store)) {
  const applier = new EdgeApplier({
    store,
    renderer: new FakeEdgeRenderer(),
    layout: LAYOUT,
    nginx,
    probe: new FakeEdgeProbe(nginx),
    confirmTimeoutMs: 500,
  });
  const service = new ProxyService({
    mode: 'own',
    applier,
    nginx,
    coalesceMs: 5,
    superviseIntervalMs: 10,
    reservedPorts: [LAYOUT.listen.port, LAYOUT.api.port],
  });
  return { store, nginx, service };
}

describe('ProxyService over a fake nginx', () => {
  const running: ProxyService[] = [];
  afterEach(async () => {
    for (const service of running.splice(0)) await service.stop();
  });

  async function started(parts = edge()) {
    await parts.service.start();
    running.push(parts.service);
    return parts;
  }

  it('refuses changes before it has started', async () => {
    const { service } = edge();
    await expect(service.addProxyRule(route('alice'))).rejects.toThrow(/start\(\) has not been called/);
  });

  it('starts nginx, then adds, replaces, removes and syncs sites, each live when its call resolves', async () => {
    const { service, nginx, store } = await started();
    expect(nginx.running).toBe(true);
    expect(nginx.servedSites()).toEqual([]);

    const alice = route('alice');
    await service.addProxyRule(alice);
    expect(nginx.servedSites()).toEqual(['alice.localhost']);
    expect(await service.listRoutes()).toEqual([alice]);

    const moved = { ...alice, webTarget: { host: '127.0.0.1', port: 39999 } };
    await service.addProxyRule(moved);
    expect(await service.listRoutes()).toEqual([moved]);
    expect(store.generations.get(nginx.serving!)?.['sites.map']).toContain('alice.localhost 127.0.0.1:39999;');

    await service.addProxyRule(route('bob'));
    await service.removeProxyRule('alice');
    expect(nginx.servedSites()).toEqual(['bob.localhost']);
    // Removing what is gone succeeds, and costs no reload.
    const reloads = (await service.status()).reloads;
    await service.removeProxyRule('alice');
    expect((await service.status()).reloads).toBe(reloads);

    await service.syncRoutes([route('carol'), route('dave')]);
    expect(nginx.servedSites()).toEqual(['carol.localhost', 'dave.localhost']);
    // Only the live generation and the one before it are kept.
    expect([...store.generations.keys()].length).toBeLessThanOrEqual(2);
  });

  it('keeps the live routes when nginx rejects the new config, and rejects the call', async () => {
    const { service, nginx, store } = await started();
    await service.addProxyRule(route('bob'));
    const before = await service.status();
    nginx.rejectConfig = (files) => (files['sites.map']?.includes('carol.') ? 'unknown directive "carol"' : undefined);

    const failure = await service.addProxyRule(route('carol')).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(EdgeApplyError);
    expect(failure).toMatchObject({ stage: 'validate', output: expect.stringContaining('unknown directive') });
    expect(nginx.servedSites()).toEqual(['bob.localhost']);
    expect((await service.listRoutes()).map((r) => r.username)).toEqual(['bob']);
    expect((await service.status()).generation).toBe(before.generation);
    expect(store.current).toBe(before.generation);
    // The rejected generation was thrown away, not left beside the live one.
    expect([...store.generations.values()].some((files) => files['sites.map']?.includes('carol.'))).toBe(false);

    nginx.rejectConfig = undefined;
    await service.addProxyRule(route('carol'));
    expect(nginx.servedSites()).toEqual(['bob.localhost', 'carol.localhost']);
  });

  it('puts the previous config back when nginx cannot apply one that passed its test', async () => {
    const { service, nginx, store } = await started();
    await service.addProxyRule(route('bob'));
    const before = await service.status();
    nginx.failReload = (files) =>
      files['sites.map']?.includes('dave.')
        ? 'bind() to 127.0.0.1:22999 failed (98: Address already in use)'
        : undefined;

    const failure = await service.addProxyRule(route('dave', 22999)).catch((error: unknown) => error);

    expect(failure).toMatchObject({ stage: 'reload', output: expect.stringMatching(/bind\(\)/) });
    expect(store.current).toBe(before.generation);
    expect(nginx.serving).toBe(before.generation);
    expect(nginx.servedSites()).toEqual(['bob.localhost']);
    expect((await service.listRoutes()).map((r) => r.username)).toEqual(['bob']);
    expect((await service.status()).generation).toBe(before.generation);

    // The edge still takes changes.
    nginx.failReload = undefined;
    await service.addProxyRule(route('erin'));
    expect(nginx.servedSites()).toEqual(['bob.localhost', 'erin.localhost']);
  });

  it('coalesces a burst of changes into one reload, and every caller is answered', async () => {
    const { service, nginx } = await started();
    const routes = Array.from({ length: 20 }, (_, i) => route(`user-${String(i).padStart(2, '0')}`));
    const before = (await service.status()).reloads;

    await Promise.all(routes.map((r) => service.addProxyRule(r)));
    expect((await service.status()).reloads - before).toBe(1);
    expect(nginx.servedSites()).toHaveLength(20);

    await Promise.all(routes.map((r) => service.removeProxyRule(r.username)));
    expect((await service.status()).reloads - before).toBe(2);
    expect(nginx.servedSites()).toEqual([]);
  });

  it('rejects only the change of a burst that conflicts, before nginx sees it', async () => {
    const { service, nginx } = await started();

    const results = await Promise.allSettled([
      service.addProxyRule(route('alice', 22500)),
      service.addProxyRule(route('mallory', 22500)),
      service.addProxyRule(route('trudy', LAYOUT.listen.port)),
    ]);

    expect(results[0]).toEqual({ status: 'fulfilled', value: undefined });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(ConflictError) });
    expect(results[2]).toMatchObject({
      status: 'rejected',
      reason: { message: "SSH port 8080 is the edge's own port." },
    });
    expect(nginx.servedSites()).toEqual(['alice.localhost']);
  });

  it('refuses a route that could inject nginx directives, without testing or reloading anything', async () => {
    const { service, nginx } = await started();
    const tests = nginx.tests;

    await expect(service.addProxyRule({ ...route('evil'), username: 'evil.localhost; }' })).rejects.toThrow(
      InvalidRouteError,
    );
    await expect(service.removeProxyRule('../etc')).rejects.toThrow(InvalidRouteError);
    expect(nginx.tests).toBe(tests);
  });

  it('starts its own nginx again when it dies, serving the same sites', async () => {
    const { service, nginx } = await started();
    await service.addProxyRule(route('bob'));

    nginx.die();
    const deadline = Date.now() + 1000;
    while (!nginx.running && Date.now() < deadline) await sleep(5);

    expect(nginx.starts).toBe(2);
    expect(nginx.servedSites()).toEqual(['bob.localhost']);
    expect((await service.status()).restarts).toBe(1);
  });

  it('finds its routes again when Hostbay starts anew', async () => {
    const first = await started();
    await first.service.addProxyRule(route('bob'));
    await first.service.addProxyRule(route('carol'));
    await first.service.stop();
    running.splice(running.indexOf(first.service), 1);
    expect(first.nginx.running).toBe(false);

    const second = await started(edge(first.store));
    expect((await second.service.listRoutes()).map((r) => r.username)).toEqual(['bob', 'carol']);
    expect(second.nginx.servedSites()).toEqual(['bob.localhost', 'carol.localhost']);
  });
});
