import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEdgeConfig } from '../../../src/config/edge.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { composeProxyService } from '../../../src/composition/compose-edge.js';
import {
  DEFAULT_NGINX_TEMPLATE_DIR,
  NunjucksEdgeRenderer,
  type EdgeRenderer,
} from '../../../src/modules/proxy/edge-renderer.js';
import { EdgeApplyError } from '../../../src/modules/proxy/proxy.errors.js';
import type { ProxyService } from '../../../src/modules/proxy/proxy.service.js';
import type { ProxyRoute } from '../../../src/modules/proxy/route.js';
import {
  freePorts,
  getViaEdge,
  readGreeting,
  startApiStandIn,
  startNamedServer,
  startTcpGreeter,
} from './edge-helpers.js';

/** A renderer the test can switch to templates that render a config nginx rejects. */
class SwitchableRenderer implements EdgeRenderer {
  broken = false;
  constructor(
    private readonly good: EdgeRenderer,
    private readonly bad: EdgeRenderer,
  ) {}
  render(...args: Parameters<EdgeRenderer['render']>) {
    return (this.broken ? this.bad : this.good).render(...args);
  }
}

interface Site {
  route: ProxyRoute;
  close: () => Promise<void>;
}

describe('the edge against a real nginx', () => {
  const closers: (() => Promise<void>)[] = [];
  let dataDir: string;
  let edgePort: number;
  let spareSshPorts: number[];
  let renderer: SwitchableRenderer;
  let service: ProxyService;
  const runner = new NodeProcessRunner();

  async function site(username: string, sshListenPort: number): Promise<Site> {
    const web = await startNamedServer(`site:${username}`);
    const ssh = await startTcpGreeter(username);
    const close = async () => {
      await web.close();
      await ssh.close();
    };
    closers.push(close);
    return {
      route: {
        username,
        webTarget: { host: '127.0.0.1', port: web.port },
        sshListenPort,
        sshTarget: { host: '127.0.0.1', port: ssh.port },
      },
      close,
    };
  }

  async function newService(): Promise<ProxyService> {
    const edge = readEdgeConfig(
      {
        HOSTBAY_EDGE: 'own',
        HOSTBAY_API_PORT: String(apiPort),
        // These tests cover the nginx stream forward, which `auto` picks only in bridge networking.
        HOSTBAY_SSH_FORWARD: 'stream',
        HOSTBAY_SSH_LISTEN_HOST: '127.0.0.1',
        HOSTBAY_EDGE_WORKERS: '1',
        HOSTBAY_EDGE_SHUTDOWN_TIMEOUT: '5s',
      },
      'user',
    );
    return composeProxyService(
      { edge, publicPort: edgePort, publicHost: '127.0.0.1', dataDir, baseDomain: 'localhost', apiBodyLimit: 65536 },
      runner,
      { renderer, superviseIntervalMs: 200 },
    );
  }

  let apiPort: number;
  let api: Awaited<ReturnType<typeof startApiStandIn>>;

  beforeAll(async () => {
    // Short path: the control socket must fit in a unix socket address.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hb-edge-'));
    const brokenDir = path.join(dataDir, 'broken-templates');
    await cp(DEFAULT_NGINX_TEMPLATE_DIR, brokenDir, { recursive: true });
    // A stray word after the map's lines: nginx -t fails.
    const mapTemplate = path.join(brokenDir, 'sites.map.njk');
    await writeFile(
      mapTemplate,
      (await readFile(mapTemplate, 'utf8')).replace('{{ siteLines }}', '{{ siteLines }} broken'),
    );
    renderer = new SwitchableRenderer(new NunjucksEdgeRenderer(), new NunjucksEdgeRenderer(brokenDir));

    api = await startApiStandIn('hostbay-api');
    closers.push(api.close);
    apiPort = api.port;
    const ports = await freePorts(8);
    edgePort = ports[0]!;
    spareSshPorts = ports.slice(1);
    service = await newService();
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    for (const close of closers) await close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("sends the base domain to the API, and unknown hosts to the API's visitors' page with their name", async () => {
    const dashboard = await getViaEdge(edgePort, 'localhost');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toBe('hostbay-api');

    const unknown = await getViaEdge(edgePort, 'nobody.localhost', '/some/page');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('site page for nobody.localhost');

    const otherDomain = await getViaEdge(edgePort, 'example.org');
    expect(otherDomain.status).toBe(404);
    expect(otherDomain.body).toBe('site page for example.org');
  });

  it('adds a site, routes web and SSH to it, and removes it again', async () => {
    const alice = await site('alice', spareSshPorts[0]!);
    await service.addProxyRule(alice.route);

    const page = await getViaEdge(edgePort, 'alice.localhost', '/index.html');
    expect(page.status).toBe(200);
    expect(page.body).toBe('site:alice');
    expect(await readGreeting(alice.route.sshListenPort)).toBe('SSH-2.0-alice');
    expect(await service.listRoutes()).toEqual([alice.route]);

    await service.removeProxyRule('alice');
    expect((await getViaEdge(edgePort, 'alice.localhost')).status).toBe(404);
    expect(await readGreeting(alice.route.sshListenPort)).toBe('ECONNREFUSED');
    expect(await service.listRoutes()).toEqual([]);
    // Removing twice is fine: deletes are idempotent.
    await service.removeProxyRule('alice');
  });

  it("answers a suspended site with the edge's suspended page and stops forwarding its SSH port, until it is routed again", async () => {
    const carol = await site('carol', spareSshPorts[1]!);
    await service.addProxyRule(carol.route);
    expect((await getViaEdge(edgePort, 'carol.localhost')).body).toBe('site:carol');

    await service.addProxyRule({ ...carol.route, suspended: true });
    // The API gives the page in the visitor's language (site-pages-edge.test.ts); without it, the fixed bilingual one.
    expect((await getViaEdge(edgePort, 'carol.localhost')).body).toBe('site page for carol.localhost');
    api.setSitePagesDown(true);
    const page = await getViaEdge(edgePort, 'carol.localhost', '/private/page.html');
    expect(page.status).toBe(503);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('이 사이트는 이용이 정지되었습니다');
    expect(page.body).toContain('This site is suspended');
    expect(page.body).not.toContain('site:carol');
    expect(await readGreeting(carol.route.sshListenPort)).toBe('ECONNREFUSED');
    // The route stays, suspended, with its port: nobody else can take it meanwhile.
    expect(await service.listRoutes()).toEqual([{ ...carol.route, suspended: true }]);
    api.setSitePagesDown(false);

    await service.addProxyRule(carol.route);
    expect(await getViaEdge(edgePort, 'carol.localhost')).toMatchObject({ status: 200, body: 'site:carol' });
    expect(await readGreeting(carol.route.sshListenPort)).toBe('SSH-2.0-carol');
    await service.removeProxyRule('carol');
  });

  it('rejects a route that is not a validated username, IPv4 address and port, before nginx sees it', async () => {
    const bad = {
      username: 'evil.localhost; }',
      webTarget: { host: '127.0.0.1', port: 1 },
      sshListenPort: 2222,
      sshTarget: { host: '127.0.0.1', port: 22 },
    };
    await expect(service.addProxyRule(bad)).rejects.toThrow(/Invalid proxy route/);
    await expect(
      service.addProxyRule({ ...bad, username: 'evil', webTarget: { host: 'example.org', port: 80 } }),
    ).rejects.toThrow(/Invalid proxy route/);
    expect(await service.listRoutes()).toEqual([]);
  });

  it('keeps the previous config and the other sites when a template renders a broken config', async () => {
    const bob = await site('bob', spareSshPorts[1]!);
    const carol = await site('carol', spareSshPorts[2]!);
    await service.addProxyRule(bob.route);
    const before = await service.status();

    renderer.broken = true;
    const failure = await service.addProxyRule(carol.route).catch((error: unknown) => error);
    renderer.broken = false;

    expect(failure).toBeInstanceOf(EdgeApplyError);
    expect((failure as EdgeApplyError).stage).toBe('validate');
    expect((await getViaEdge(edgePort, 'bob.localhost')).body).toBe('site:bob');
    expect(await readGreeting(bob.route.sshListenPort)).toBe('SSH-2.0-bob');
    expect((await getViaEdge(edgePort, 'carol.localhost')).status).toBe(404);
    expect((await service.status()).generation).toBe(before.generation);
    expect((await service.listRoutes()).map((r) => r.username)).toEqual(['bob']);

    // With the template fixed, the same change goes through.
    await service.addProxyRule(carol.route);
    expect((await getViaEdge(edgePort, 'carol.localhost')).body).toBe('site:carol');
    expect((await getViaEdge(edgePort, 'bob.localhost')).body).toBe('site:bob');
  });

  it('restores the previous config when nginx cannot apply a change that passed nginx -t', async () => {
    // nginx -t does not bind ports; the reload does, and fails on a port something else holds.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(spareSshPorts[3], '127.0.0.1', resolve));
    try {
      const dave = await site('dave', spareSshPorts[3]!);
      const before = await service.status();
      const failure = await service.addProxyRule(dave.route).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EdgeApplyError);
      expect((failure as EdgeApplyError).stage).toBe('reload');
      expect((failure as EdgeApplyError).output).toMatch(/bind\(\)/);
      expect((await getViaEdge(edgePort, 'dave.localhost')).status).toBe(404);
      expect((await getViaEdge(edgePort, 'bob.localhost')).body).toBe('site:bob');
      expect((await service.status()).generation).toBe(before.generation);
      expect((await service.listRoutes()).map((r) => r.username)).toEqual(['bob', 'carol']);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('applies 100 concurrent changes, every one of them, with few reloads', async () => {
    const sshPorts = await freePorts(100);
    const sites = await Promise.all(sshPorts.map((port, i) => site(`user-${String(i).padStart(3, '0')}`, port)));
    const before = await service.status();

    await Promise.all(sites.map((s) => service.addProxyRule(s.route)));

    const after = await service.status();
    const answers = await Promise.all(sites.map((s) => getViaEdge(edgePort, `${s.route.username}.localhost`)));
    expect(answers.map((a) => a.body)).toEqual(sites.map((s) => `site:${s.route.username}`));
    expect(await readGreeting(sites[42]!.route.sshListenPort)).toBe('SSH-2.0-user-042');
    expect(after.routes).toBe(before.routes + 100);
    const reloads = after.reloads - before.reloads;
    expect(reloads).toBeGreaterThanOrEqual(1);
    expect(reloads).toBeLessThanOrEqual(5);

    await Promise.all(sites.map((s) => service.removeProxyRule(s.route.username)));
    const gone = await Promise.all(sites.map((s) => getViaEdge(edgePort, `${s.route.username}.localhost`)));
    expect(gone.every((a) => a.status === 404)).toBe(true);
    expect((await service.status()).reloads - after.reloads).toBeLessThanOrEqual(5);
  });

  it('starts nginx again when it dies', async () => {
    const pid = Number((await readFile(path.join(dataDir, 'edge/prefix/nginx.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    let answer = '';
    while (Date.now() < deadline) {
      answer = await getViaEdge(edgePort, 'bob.localhost').then(
        (a) => a.body,
        () => '',
      );
      const status = await service.status();
      if (answer === 'site:bob' && status.restarts > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(answer).toBe('site:bob');
    expect((await service.status()).restarts).toBeGreaterThan(0);
  });

  it('finds its routes again after a restart of Hostbay', async () => {
    await service.stop();
    await expect(getViaEdge(edgePort, 'bob.localhost')).rejects.toThrow();

    service = await newService();
    await service.start();
    expect((await service.listRoutes()).map((r) => r.username)).toEqual(['bob', 'carol']);
    expect((await getViaEdge(edgePort, 'carol.localhost')).body).toBe('site:carol');

    // The database is the source of truth: a sync drops what it no longer knows.
    const routes = await service.listRoutes();
    await service.syncRoutes(routes.filter((r) => r.username === 'carol'));
    expect((await getViaEdge(edgePort, 'bob.localhost')).status).toBe(404);
    expect((await getViaEdge(edgePort, 'carol.localhost')).body).toBe('site:carol');
  });
});
