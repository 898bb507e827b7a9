import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { StandardResponse } from '@hostbay/contract/envelope';
import type { Overview } from '@hostbay/contract/admin';
import type { CustomDomain, DomainList } from '@hostbay/contract/tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls } from '../../../src/cli/doctor-tls.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startAcmeLab, type AcmeLab } from '../../support/acme-lab.js';
import { freePorts } from '../edge/edge-helpers.js';
import { eventually, getOverTls, getPlain } from '../../support/tls-client.js';
import { startHarness, type Auth, type Harness } from '../hosting/harness.js';

const BASE = 'hostbay.test';
const MEMBER_ZONE = 'members-own.test';

/**
 * Hostbay with HOSTBAY_TLS=acme against Pebble (Let's Encrypt's test server) and knot (RFC 2136),
 * through the real edge, database and API, with the libvirt test driver under the hostings.
 */
describe('HTTPS of its own, against a real ACME server', () => {
  let lab: AcmeLab;
  let harness: Harness;
  let root: string;
  let httpPort: number;
  let tlsPort: number;

  beforeAll(async () => {
    [httpPort, tlsPort] = (await freePorts(2)) as [number, number];
    lab = await startAcmeLab({ zones: [BASE, MEMBER_ZONE], httpPort });
    await lab.setA(BASE, '127.0.0.1');
    await lab.setA(`*.${BASE}`, '127.0.0.1');
    harness = await startHarness(DATABASE_KINDS[0]!, {
      HOSTBAY_BASE_DOMAIN: BASE,
      HOSTBAY_PORT: String(httpPort),
      HOSTBAY_TLS: 'acme',
      HOSTBAY_TLS_PORT: String(tlsPort),
      HOSTBAY_ACME_DIRECTORY: lab.directoryUrl,
      HOSTBAY_ACME_CA_FILE: lab.directoryCaFile,
      HOSTBAY_DNS_RESOLVERS: `${lab.dns.host}:${lab.dns.port}`,
      HOSTBAY_TLS_CHECK_INTERVAL: '1s',
      HOSTBAY_HSTS_MAX_AGE: '600',
    });
    root = await lab.issuingRootPem();
  });

  afterAll(async () => {
    await harness?.close();
    await lab?.stop();
  });

  const domains = async (method: 'GET' | 'POST' | 'DELETE', url: string, auth: Auth, payload?: object) => {
    const res = await harness.hostbay.app.inject({
      method,
      url: `/api/v1/hosting/my/domains${url}`,
      headers: auth,
      ...(payload ? { payload } : {}),
    });
    return { statusCode: res.statusCode, body: res.json<StandardResponse<CustomDomain & DomainList>>() };
  };

  async function createHosting() {
    const user = await harness.newUser();
    expect((await harness.api('POST', '', user.auth)).statusCode).toBe(202);
    await harness.waitForStatus(user.auth, ['RUNNING']);
    return user;
  }

  it('serves the dashboard over HTTPS with a certificate it obtained, and redirects plain HTTP', async () => {
    const answer = await eventually('the base domain’s certificate', async () => {
      const got = await getOverTls(tlsPort, BASE, root, '/api/health');
      return got.authorized ? got : undefined;
    });
    expect(answer.status).toBe(200);
    expect(answer.hsts).toBe('max-age=600');
    const plain = await getPlain(httpPort, BASE, '/login?next=%2F');
    expect(plain.status).toBe(308);
    expect(plain.location).toBe(`https://${BASE}:${tlsPort}/login?next=%2F`);
  });

  it('gives each member’s site its own certificate: the page says https and the site answers over it', async () => {
    const user = await createHosting();
    const hosting = await eventually('the site’s certificate', async () => {
      const { body } = await harness.api('GET', '/my', user.auth);
      return body.data?.https.state === 'valid' ? body.data : undefined;
    });
    expect(hosting.web_url).toBe(`https://${user.username}.${BASE}:${tlsPort}/`);
    expect(Date.parse(hosting.https.expires_at ?? '')).toBeGreaterThan(Date.now());
    const site = await getOverTls(tlsPort, `${user.username}.${BASE}`, root);
    expect(site).toMatchObject({ status: 200, authorized: true, hsts: 'max-age=600' });
    expect(site.body).toContain(`Welcome, ${user.username}!`);
    expect((await getPlain(httpPort, `${user.username}.${BASE}`)).status).toBe(308);
  });

  it('routes a member’s own domain once its DNS points here, obtains its certificate, and removes both', async () => {
    const user = await createHosting();
    const other = await createHosting();
    const domain = `shop.${MEMBER_ZONE}`;

    const added = await domains('POST', '', user.auth, { domain: ` ${domain.toUpperCase()}. ` });
    expect(added.statusCode).toBe(201);
    expect(added.body.data).toMatchObject({
      domain,
      dns: { state: 'pending', found: [] },
      steps: [
        { name: 'dns', state: 'running' },
        { name: 'route', state: 'pending' },
        { name: 'certificate', state: 'pending' },
      ],
    });
    expect(added.body.data?.records).toContainEqual({ type: 'CNAME', name: domain, value: `${user.username}.${BASE}` });
    expect(added.body.data?.records).toContainEqual({ type: 'A', name: domain, value: '127.0.0.1' });
    // Not routed before it points here.
    expect((await getPlain(httpPort, domain)).status).toBe(404);

    // Claims Hostbay refuses: another hosting's domain, the base domain's names.
    const taken = await domains('POST', '', other.auth, { domain });
    expect(taken.statusCode).toBe(409);
    expect(taken.body.error?.code).toBe('domain_taken');
    const reserved = await domains('POST', '', other.auth, { domain: `${user.username}.${BASE}` });
    expect(reserved.statusCode).toBe(422);
    expect(await domains('POST', '', other.auth, { domain: 'not a domain' })).toMatchObject({ statusCode: 422 });

    await lab.setA(domain, '127.0.0.1');
    const checked = await domains('POST', `/${domain}/check`, user.auth);
    expect(checked.body.data?.dns).toMatchObject({ state: 'ok', found: ['127.0.0.1'] });

    const done = await eventually('the domain’s certificate', async () => {
      const list = await domains('GET', '', user.auth);
      const item = list.body.data?.items.find((d) => d.domain === domain);
      return item?.steps.every((step) => step.state === 'done') ? item : undefined;
    });
    expect(done.url).toBe(`https://${domain}:${tlsPort}/`);
    const served = await getOverTls(tlsPort, domain, root);
    expect(served).toMatchObject({ status: 200, authorized: true });
    expect(served.body).toContain(`Welcome, ${user.username}!`);

    const removed = await domains('DELETE', `/${domain}`, user.auth);
    expect(removed.statusCode).toBe(200);
    expect(removed.body.data?.items).toEqual([]);
    expect((await getPlain(httpPort, domain)).status).toBe(404);
    expect(await harness.hosting.tls.certificates.find(domain)).toBeUndefined();
    await expect(getOverTls(tlsPort, domain, root)).rejects.toThrow();
  });

  it('renews before expiry; a failed renewal keeps the old certificate serving and tells the operator', async () => {
    const user = await createHosting();
    const name = `${user.username}.${BASE}`;
    const { tls } = harness.hosting;
    await eventually('the certificate', async () =>
      (await tls.certificates.find(name))?.state === 'valid' ? true : undefined,
    );
    const first = await getOverTls(tlsPort, name, root);

    // Within the renewal window (30 days before expiry): the next round renews it through Pebble.
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await harness.hostbay.database.db
      .updateTable('certificates')
      .set({ not_after: soon })
      .where('name', '=', name)
      .execute();
    const renewed = await eventually('the renewal', async () => {
      const got = await getOverTls(tlsPort, name, root);
      return got.serial !== first.serial ? got : undefined;
    });
    expect(renewed).toMatchObject({ status: 200, authorized: true });

    // Now the challenge cannot reach this edge (the name points elsewhere): the renewal fails,
    // the renewed certificate keeps serving, and the overview and doctor say so.
    await lab.setA(name, '127.0.0.2');
    await harness.hostbay.database.db
      .updateTable('certificates')
      .set({ not_after: soon })
      .where('name', '=', name)
      .execute();
    const failing = await eventually('the failed renewal', async () => {
      const record = await tls.certificates.find(name);
      return record?.problem ? record : undefined;
    });
    expect(failing).toMatchObject({ state: 'valid', problem: 'challenge_failed' });
    expect(await getOverTls(tlsPort, name, root)).toMatchObject({
      serial: renewed.serial,
      authorized: true,
      status: 200,
    });
    const overview = await harness.hostbay.app.inject({
      method: 'GET',
      url: '/api/v1/admin/overview',
      headers: await adminAuth(),
    });
    const tlsCard = overview.json<StandardResponse<Overview>>().data?.tls;
    expect(tlsCard?.problems).toContainEqual(
      expect.objectContaining({ name, problem: 'challenge_failed', expires_at: soon }),
    );
    const doctor = await checkTls(harness.config);
    expect(doctor).toMatchObject({ name: 'HTTPS', ok: false, optional: false });
    expect(doctor.detail).toContain(name);
  });

  it('keeps a site whose challenge fails on plain HTTP, unbroken, and tells its member why', async () => {
    const user = await harness.newUser();
    await lab.setA(`${user.username}.${BASE}`, '127.0.0.2');
    expect((await harness.api('POST', '', user.auth)).statusCode).toBe(202);
    await harness.waitForStatus(user.auth, ['RUNNING']);
    const hosting = await eventually('the failed challenge', async () => {
      const { body } = await harness.api('GET', '/my', user.auth);
      return body.data?.https.state === 'failed' ? body.data : undefined;
    });
    expect(hosting.https).toMatchObject({ problem: 'challenge_failed' });
    expect(Date.parse(hosting.https.next_attempt_at ?? '')).toBeGreaterThan(Date.now() - 1000);
    expect(hosting.web_url).toBe(`http://${user.username}.${BASE}:${httpPort}/`);
    const plain = await getPlain(httpPort, `${user.username}.${BASE}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toContain(`Welcome, ${user.username}!`);
  });

  it('removes every trace when a hosting is deleted: its domain, routes, certificates and their files', async () => {
    const user = await createHosting();
    const domain = `gone.${MEMBER_ZONE}`;
    await lab.setA(domain, '127.0.0.1');
    expect((await domains('POST', '', user.auth, { domain })).statusCode).toBe(201);
    const { tls } = harness.hosting;
    const names = [domain, `${user.username}.${BASE}`];
    await eventually('both certificates', async () =>
      (await tls.certificates.findMany(names)).filter((r) => r.state === 'valid').length === 2 ? true : undefined,
    );
    expect((await harness.api('DELETE', '/my', user.auth)).statusCode).toBe(202);
    // The alias leaves the edge with the hosting's route; the domain's row goes at the keeper's next round.
    const domainRows = () => harness.hostbay.database.db.selectFrom('custom_domains').selectAll().execute();
    await eventually('the sweep', async () =>
      (await tls.certificates.findMany(names)).length === 0 &&
      harness.hosting.proxy.currentNames().aliases.length === 0 &&
      (await domainRows()).length === 0
        ? true
        : undefined,
    );
    expect(await domainRows()).toEqual([]);
    const files = await readdir(path.join(harness.config.tls.dir, 'served'));
    expect(files.filter((file) => file.startsWith(domain) || file.startsWith(user.username))).toEqual([]);
    expect((await getPlain(httpPort, domain)).status).toBe(404);
    await harness.leakAudit();
  });

  async function adminAuth(): Promise<Auth> {
    const admin = await harness.newUser();
    await harness.hostbay.users.setAdmin(admin.id, true);
    return admin.auth;
  }
});
