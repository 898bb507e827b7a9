import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemAccounts } from '../../../src/adapters/accounts/system-accounts.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { FsCertificateFiles } from '../../../src/adapters/tls/certificate-files.js';
import { composeProxyService } from '../../../src/composition/compose-edge.js';
import { readEdgeConfig } from '../../../src/config/edge.js';
import type { ProxyService } from '../../../src/modules/proxy/proxy.service.js';
import type { ProxyRoute } from '../../../src/modules/proxy/route.js';
import { createTestCa, type TestCa } from '../../support/test-certificates.js';
import { getOverTls, getPlain } from '../../support/tls-client.js';
import { freePorts, requestViaEdge, startApiStandIn, startNamedServer } from './edge-helpers.js';

const BASE = 'hostbay.test';

describe('the edge with HTTPS, against a real nginx', () => {
  const closers: (() => Promise<void>)[] = [];
  const runner = new NodeProcessRunner();
  let dataDir: string;
  let httpPort: number;
  let tlsPort: number;
  let files: FsCertificateFiles;
  let ca: TestCa;
  let service: ProxyService;
  const routes: ProxyRoute[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hb-tls-'));
    ca = await createTestCa();
    const api = await startApiStandIn('hostbay-api');
    closers.push(api.close);
    [httpPort, tlsPort] = (await freePorts(2)) as [number, number];
    // As Hostbay arranges it (compose-tls.ts): run as root, nginx's workers are www-data and read keys by group.
    const accounts = new SystemAccounts(runner);
    const asRoot = process.getuid?.() === 0;
    files = new FsCertificateFiles(path.join(dataDir, 'tls'), asRoot ? await accounts.groupOf('www-data') : undefined);
    await files.init();
    if (asRoot) await accounts.allowTraverse('www-data', files.dir);
    const edge = readEdgeConfig(
      { HOSTBAY_EDGE: 'own', HOSTBAY_API_PORT: String(api.port), HOSTBAY_EDGE_WORKERS: '1' },
      'user',
    );
    service = await composeProxyService(
      {
        edge,
        publicPort: httpPort,
        publicHost: '127.0.0.1',
        dataDir,
        baseDomain: BASE,
        apiBodyLimit: 65536,
        tls: {
          port: tlsPort,
          certificateDir: files.servedDir,
          challengeDir: files.challengeDir,
          hstsMaxAgeSeconds: 600,
        },
      },
      runner,
    );
    await service.start();
    for (const username of ['alice', 'bob']) {
      const site = await startNamedServer(`site:${username}`);
      closers.push(site.close);
      routes.push({
        username,
        webTarget: { host: '127.0.0.1', port: site.port },
        sshListenPort: 40000 + routes.length,
        sshTarget: { host: '127.0.0.1', port: 1 },
      });
    }
    await service.syncRoutes(routes);
  });

  afterAll(async () => {
    await service?.stop();
    for (const close of closers) await close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves each name its own certificate among 1,000, no reload for any of them, and redirects only names with one', async () => {
    await service.setNames({ aliases: [{ domain: 'shop.example.test', username: 'alice' }] });
    const reloads = (await service.status()).reloads;
    const names = Array.from({ length: 998 }, (_, i) => `site${i}.${BASE}`);
    names.push(`alice.${BASE}`, 'shop.example.test');
    for (const name of names) await files.write(name, await ca.issue([name]));
    // nginx finds each certificate by name: writing 1,000 of them took no reload.
    expect((await service.status()).reloads).toBe(reloads);

    // A sample across the folder, and the two names with sites behind them.
    for (const name of [names[0]!, names[497]!, names[997]!]) {
      const answer = await getOverTls(tlsPort, name, ca.caPem);
      expect(answer.subject, name).toBe(name);
      expect(answer.authorized, name).toBe(true);
    }
    const alice = await getOverTls(tlsPort, `alice.${BASE}`, ca.caPem);
    expect(alice).toMatchObject({ status: 200, body: 'site:alice', subject: `alice.${BASE}`, authorized: true });
    expect(alice.hsts).toBe('max-age=600');
    const shop = await getOverTls(tlsPort, 'shop.example.test', ca.caPem);
    expect(shop).toMatchObject({ status: 200, body: 'site:alice', subject: 'shop.example.test', authorized: true });

    // bob has no certificate: no HTTPS for his name (the handshake is refused), plain HTTP as before.
    await expect(getOverTls(tlsPort, `bob.${BASE}`, ca.caPem)).rejects.toThrow();
    const bobHttp = await requestViaEdge(httpPort, { method: 'GET', host: `bob.${BASE}`, path: '/' });
    expect(bobHttp).toMatchObject({ status: 200, body: 'site:bob' });

    // alice has one: plain HTTP redirects, with the port and path kept; over HTTPS, no redirect loop.
    const redirected = await getPlain(httpPort, `alice.${BASE}`, '/a/page?x=1');
    expect(redirected.status).toBe(308);
    expect(redirected.location).toBe(`https://alice.${BASE}:${tlsPort}/a/page?x=1`);
    expect((await getOverTls(tlsPort, `alice.${BASE}`, ca.caPem, '/a/page?x=1')).status).toBe(200);
  });

  it('stops serving a certificate the moment its file goes: no HTTPS, and plain HTTP is served again', async () => {
    const name = `site0.${BASE}`;
    expect((await getOverTls(tlsPort, name, ca.caPem)).authorized).toBe(true);
    await files.remove(name);
    await expect(getOverTls(tlsPort, name, ca.caPem)).rejects.toThrow();
    expect((await getPlain(httpPort, name)).status).toBe(404);
  });

  it('serves names linked to a shared certificate (the wildcard)', async () => {
    const wildcard = `*.${BASE}`;
    await files.write(wildcard, await ca.issue([wildcard, BASE]));
    await files.link(`bob.${BASE}`, wildcard);
    const bob = await getOverTls(tlsPort, `bob.${BASE}`, ca.caPem);
    expect(bob).toMatchObject({ status: 200, body: 'site:bob', subject: wildcard, authorized: true });
    // The shared file itself is not a name anyone can ask for.
    await expect(getOverTls(tlsPort, `_wildcard.${BASE}`, ca.caPem)).rejects.toThrow();
    await files.remove(`bob.${BASE}`);
  });

  it('answers ACME HTTP-01 challenges over plain HTTP for any name, never redirected or proxied', async () => {
    const token = 'tok_abcdefghijklmnop-0123';
    await files.putChallenge(token, `${token}.thumbprint`);
    for (const host of [`alice.${BASE}`, BASE, 'not-routed.example.test']) {
      const answer = await requestViaEdge(httpPort, {
        method: 'GET',
        host,
        path: `/.well-known/acme-challenge/${token}`,
      });
      expect(answer, host).toMatchObject({ status: 200, body: `${token}.thumbprint` });
    }
    await files.removeChallenge(token);
    const gone = await requestViaEdge(httpPort, {
      method: 'GET',
      host: BASE,
      path: `/.well-known/acme-challenge/${token}`,
    });
    expect(gone.status).toBe(404);
  });

  it('serves a renewed certificate from the next handshake without a reload', async () => {
    const name = `alice.${BASE}`;
    const before = await getOverTls(tlsPort, name, ca.caPem);
    const reloads = (await service.status()).reloads;
    const later = new Date(Date.now() + 25 * 86_400_000);
    await files.write(name, await ca.issue([name], later));
    const after = await getOverTls(tlsPort, name, ca.caPem);
    expect(after.authorized).toBe(true);
    expect((await service.status()).reloads).toBe(reloads);
    expect(before.subject).toBe(after.subject);
    expect(await files.expiryOf(name)).toEqual(new Date(Math.floor(later.getTime() / 1000) * 1000));
  });

  it('sends the base domain to the API over HTTPS once it has a certificate', async () => {
    await files.write(BASE, await ca.issue([BASE]));
    const api = await getOverTls(tlsPort, BASE, ca.caPem);
    expect(api).toMatchObject({ status: 200, body: 'hostbay-api', authorized: true });
    expect((await getPlain(httpPort, BASE, '/login')).location).toBe(`https://${BASE}:${tlsPort}/login`);
    // Loopback names never get a certificate: the local dashboard keeps answering over plain HTTP.
    expect((await requestViaEdge(httpPort, { method: 'GET', host: 'localhost', path: '/' })).status).toBe(200);
  });
});
