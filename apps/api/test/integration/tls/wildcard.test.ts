import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startAcmeLab, type AcmeLab } from '../../support/acme-lab.js';
import { freePorts } from '../edge/edge-helpers.js';
import { eventually, getOverTls } from '../../support/tls-client.js';
import { startHarness, type Harness } from '../hosting/harness.js';

const BASE = 'wild.test';

/**
 * HOSTBAY_TLS_NAMES=wildcard: one certificate for the base domain and `*.<base>` through DNS-01, the TXT
 * records written with TSIG-signed RFC 2136 updates (nsupdate) to a real DNS server (knot), validated by
 * a real ACME server (Pebble) that reads them there.
 */
describe('a wildcard certificate through DNS-01 and RFC 2136', () => {
  let lab: AcmeLab;
  let harness: Harness;
  let tlsPort: number;

  beforeAll(async () => {
    const [httpPort, port] = (await freePorts(2)) as [number, number];
    tlsPort = port;
    lab = await startAcmeLab({ zones: [BASE], httpPort });
    harness = await startHarness(
      DATABASE_KINDS[0]!,
      {
        HOSTBAY_BASE_DOMAIN: BASE,
        HOSTBAY_PORT: String(httpPort),
        HOSTBAY_TLS: 'acme',
        HOSTBAY_TLS_NAMES: 'wildcard',
        HOSTBAY_TLS_PORT: String(tlsPort),
        HOSTBAY_ACME_DIRECTORY: lab.directoryUrl,
        HOSTBAY_ACME_CA_FILE: lab.directoryCaFile,
        HOSTBAY_DNS_UPDATE_SERVER: `${lab.dns.host}:${lab.dns.port}`,
        HOSTBAY_DNS_UPDATE_KEY: `${lab.tsig.algorithm}:${lab.tsig.name}:${lab.tsig.secret}`,
        HOSTBAY_DNS_RESOLVERS: `${lab.dns.host}:${lab.dns.port}`,
        HOSTBAY_TLS_CHECK_INTERVAL: '1s',
      },
      2,
    );
  });

  afterAll(async () => {
    await harness?.close();
    await lab?.stop();
  });

  it('serves the base domain and any site name with the one wildcard, and leaves no challenge record behind', async () => {
    const root = await lab.issuingRootPem();
    const base = await eventually('the wildcard certificate', async () => {
      const answer = await getOverTls(tlsPort, BASE, root, '/api/health');
      return answer.authorized ? answer : undefined;
    });
    expect(base).toMatchObject({ authorized: true, status: 200 });
    expect(base.altNames).toContain(`DNS:*.${BASE}`);
    expect(base.altNames).toContain(`DNS:${BASE}`);
    expect(await lab.txt(`_acme-challenge.${BASE}`)).toEqual([]);
    // A member's site is served with the same certificate from the moment it exists, and their page says so.
    const user = await harness.newUser();
    expect((await harness.api('POST', '', user.auth)).statusCode).toBe(202);
    const hosting = await harness.waitForStatus(user.auth, ['RUNNING']);
    expect(hosting.https.state).toBe('valid');
    expect(hosting.web_url).toBe(`https://${user.username}.${BASE}:${tlsPort}/`);
    const site = await eventually('the site over HTTPS', async () => {
      const answer = await getOverTls(tlsPort, `${user.username}.${BASE}`, root);
      return answer.authorized ? answer : undefined;
    });
    expect(site.altNames).toContain(`DNS:*.${BASE}`);
    expect(site.body).toContain(`Welcome, ${user.username}!`);
    // A name that is no site has no HTTPS (and no certificate of Hostbay's answers for it).
    await expect(getOverTls(tlsPort, `nobody.${BASE}`, root)).rejects.toThrow();
  });
});
