import { describe, expect, it } from 'vitest';
import { CertificateKeeper, type CertificateKeeperSettings } from '../../../src/modules/tls/certificate-keeper.js';
import { CertificateAuthorityError } from '../../../src/modules/tls/tls.ports.js';
import {
  FakeAuthority,
  FakeEdge,
  FakeResolver,
  MemoryCertificateFiles,
  MemoryCertificates,
  MemoryDomains,
} from './fakes.js';

const BASE = 'hostbay.example';
const DAY = 86_400_000;

function setup(settings: Partial<CertificateKeeperSettings> = {}, usernames = ['alice', 'bob']) {
  let now = new Date('2026-12-01T00:00:00Z');
  const clock = () => now;
  const certificates = new MemoryCertificates();
  const domains = new MemoryDomains();
  const authority = new FakeAuthority(clock);
  const files = new MemoryCertificateFiles();
  const resolver = new FakeResolver();
  const edge = new FakeEdge();
  const sites = [...usernames];
  const warnings: string[] = [];
  const keeper = new CertificateKeeper({
    certificates,
    domains,
    siteUsernames: async () => sites,
    authority,
    files,
    resolver,
    edge,
    registeredDomainOf: (name) => name.split('.').slice(-2).join('.'),
    settings: {
      mode: 'acme',
      names: 'per_name',
      baseDomain: BASE,
      renewBeforeSeconds: 30 * 86_400,
      issuanceLimit: { points: 50, seconds: 7 * 86_400 },
      retryBaseSeconds: 60,
      manual: undefined,
      ...settings,
    },
    log: { info: () => undefined, warn: (_o, message) => warnings.push(message), error: () => undefined },
    now: clock,
  });
  return {
    keeper,
    certificates,
    domains,
    authority,
    files,
    resolver,
    edge,
    sites,
    warnings,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    now: () => now,
  };
}

describe('the certificate keeper', () => {
  it('obtains one certificate per name over HTTP-01 (the base domain and each site) and tells the edge', async () => {
    const t = setup();
    await t.keeper.tick();
    expect(t.authority.orders).toEqual([
      { names: [BASE], challenge: 'http-01' },
      { names: [`alice.${BASE}`], challenge: 'http-01' },
      { names: [`bob.${BASE}`], challenge: 'http-01' },
    ]);
    expect(t.files.served()).toEqual([BASE, `alice.${BASE}`, `bob.${BASE}`].sort());
    // Nothing due in the next round: no second order.
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(3);
  });

  it('keeps within the rate limit per registered domain: names past it wait, then go when the window frees', async () => {
    const t = setup({ issuanceLimit: { points: 2, seconds: 7 * 86_400 } });
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(2);
    const waiting = await t.certificates.find(`bob.${BASE}`);
    expect(waiting).toMatchObject({ state: 'waiting', problem: 'rate_limited' });
    // Free when the first issuance leaves the 7-day window (plus a second).
    expect(Date.parse(waiting!.nextAttemptAt!)).toBe(t.now().getTime() + 7 * DAY + 1000);
    expect(t.files.served()).not.toContain(`bob.${BASE}`);

    t.advance(6 * DAY);
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(2);
    t.advance(DAY + 2000);
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(3);
    expect(await t.certificates.find(`bob.${BASE}`)).toMatchObject({ state: 'valid', problem: null });
  });

  it('backs off after a failed challenge, twice as long each time, and the name stays off HTTPS', async () => {
    const t = setup({}, ['alice']);
    t.authority.failing.set(`alice.${BASE}`, new CertificateAuthorityError('challenge_failed', 'connection refused'));
    await t.keeper.tick();
    const failed = await t.certificates.find(`alice.${BASE}`);
    expect(failed).toMatchObject({ state: 'failed', problem: 'challenge_failed', attempts: 1 });
    expect(Date.parse(failed!.nextAttemptAt!) - t.now().getTime()).toBe(60_000);
    expect(t.files.served()).toEqual([BASE]);

    t.advance(60_000);
    await t.keeper.tick();
    const again = await t.certificates.find(`alice.${BASE}`);
    expect(again).toMatchObject({ attempts: 2 });
    expect(Date.parse(again!.nextAttemptAt!) - t.now().getTime()).toBe(120_000);

    t.authority.failing.clear();
    t.advance(120_000);
    await t.keeper.tick();
    expect(await t.certificates.find(`alice.${BASE}`)).toMatchObject({ state: 'valid', attempts: 0, problem: null });
    expect(t.files.served()).toContain(`alice.${BASE}`);
  });

  it('waits until the time an ACME server’s own rate limit names', async () => {
    const t = setup({}, []);
    const retryAfter = new Date(t.now().getTime() + 3 * 3_600_000);
    t.authority.failing.set(BASE, new CertificateAuthorityError('rate_limited', 'too many certificates', retryAfter));
    await t.keeper.tick();
    expect(await t.certificates.find(BASE)).toMatchObject({
      state: 'waiting',
      problem: 'rate_limited',
      nextAttemptAt: retryAfter.toISOString(),
    });
  });

  it('renews 30 days before expiry; a failed renewal keeps the old certificate serving and says so', async () => {
    const t = setup({}, []);
    await t.keeper.tick();
    const first = t.files.written.get(BASE);
    t.advance(59 * DAY);
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(1);

    t.advance(2 * DAY);
    t.authority.failing.set(BASE, new CertificateAuthorityError('acme_unreachable', 'ECONNREFUSED'));
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(2);
    expect(await t.certificates.find(BASE)).toMatchObject({ state: 'valid', problem: 'acme_unreachable' });
    expect(t.files.written.get(BASE)).toBe(first);
    expect(t.files.served()).toEqual([BASE]);
    expect(t.warnings).toContain('tls: renewing a certificate failed; the current one keeps serving');

    t.authority.failing.clear();
    t.advance(61_000);
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(3);
    expect(t.files.written.get(BASE)).not.toBe(first);
    expect(await t.certificates.find(BASE)).toMatchObject({ state: 'valid', problem: null });
  });

  it('in wildcard mode obtains one certificate over DNS-01 and serves the base domain and every site with it', async () => {
    const t = setup({ names: 'wildcard' });
    await t.keeper.tick();
    expect(t.authority.orders).toEqual([{ names: [`*.${BASE}`, BASE], challenge: 'dns-01' }]);
    expect(Object.fromEntries(t.files.links)).toEqual({
      [BASE]: `*.${BASE}`,
      [`alice.${BASE}`]: `*.${BASE}`,
      [`bob.${BASE}`]: `*.${BASE}`,
    });
    // A new member's site is served by the wildcard in the next round; a gone one is unlinked.
    t.sites.splice(0, 2, 'carol');
    await t.keeper.tick();
    expect(t.files.served()).toEqual([BASE, `carol.${BASE}`].sort());
    expect(t.authority.orders).toHaveLength(1);
  });

  it('routes a member’s domain once its DNS points here, then obtains its certificate', async () => {
    const t = setup({}, ['alice']);
    t.domains.add('shop.example.org', 'alice');
    await t.keeper.tick();
    expect(t.edge.names.aliases).toEqual([]);
    expect(t.authority.orders.map((o) => o.names[0])).not.toContain('shop.example.org');

    t.resolver.a.set(`alice.${BASE}`, ['203.0.113.7']);
    t.resolver.cnames.set('shop.example.org', `alice.${BASE}`);
    await t.keeper.tick();
    expect(t.edge.names.aliases).toEqual([{ domain: 'shop.example.org', username: 'alice' }]);
    expect(t.authority.orders.at(-1)).toEqual({ names: ['shop.example.org'], challenge: 'http-01' });
    expect(t.files.served()).toContain('shop.example.org');
  });

  it('drops what is no longer served: the row and the file of a site that is gone', async () => {
    const t = setup({}, ['alice', 'bob']);
    await t.keeper.tick();
    t.sites.splice(t.sites.indexOf('bob'), 1);
    await t.keeper.tick();
    expect(t.files.removed).toEqual([`bob.${BASE}`]);
    expect(t.files.served()).toEqual([BASE, `alice.${BASE}`].sort());
    expect(await t.certificates.find(`bob.${BASE}`)).toBeUndefined();
  });

  it('sweeps the domains of a deleted hosting, with their route and certificate', async () => {
    const t = setup({}, ['alice']);
    t.resolver.a.set(`alice.${BASE}`, ['203.0.113.7']);
    t.resolver.a.set('alice.example.org', ['203.0.113.7']);
    t.domains.add('alice.example.org', 'alice', 'h1');
    await t.keeper.tick();
    expect(t.files.served()).toContain('alice.example.org');
    t.domains.goneHostings.add('h1');
    t.sites.splice(0);
    await t.keeper.tick();
    expect(t.domains.rows.size).toBe(0);
    expect(t.edge.names.aliases).toEqual([]);
    expect(t.files.served()).toEqual([BASE]);
    expect(t.files.removed.sort()).toEqual(['alice.example.org', `alice.${BASE}`].sort());
  });

  it('after a crash, adopts a certificate written but not recorded, and removes files and challenges nobody keeps', async () => {
    const t = setup({}, ['alice']);
    await t.keeper.tick();
    // The crash: alice's new certificate reached the disk, the database still says pending; a stray file too.
    const alice = `alice.${BASE}`;
    const row = t.certificates.rows.get(alice)!;
    t.certificates.rows.set(alice, { ...row, state: 'pending', notAfter: null });
    await t.files.write(`gone.${BASE}`, {
      chainPem: 'x',
      keyPem: 'y',
      notAfter: new Date(t.now().getTime() + 80 * DAY),
    });
    const orders = t.authority.orders.length;

    await t.keeper.start();
    expect(await t.certificates.find(alice)).toMatchObject({ state: 'valid' });
    expect(t.files.served()).toContain(alice);
    expect(t.files.removed).toEqual([`gone.${BASE}`]);
    expect(t.files.challengesCleared).toBe(1);
    await t.keeper.tick();
    expect(t.authority.orders).toHaveLength(orders);
  });
});
