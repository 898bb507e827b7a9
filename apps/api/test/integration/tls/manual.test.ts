import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls } from '../../../src/cli/doctor-tls.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createTestCa, type TestCa } from '../../support/test-certificates.js';
import { eventually, getOverTls, getPlain } from '../../support/tls-client.js';
import { freePorts } from '../edge/edge-helpers.js';
import { startHarness, type Harness } from '../hosting/harness.js';

const BASE = 'manual.test';

/** HOSTBAY_TLS=manual: the operator's own certificate (here a wildcard from a private CA) serves every name it covers. */
describe('HTTPS with the operator’s own certificate', () => {
  let harness: Harness;
  let ca: TestCa;
  let httpPort: number;
  let tlsPort: number;

  beforeAll(async () => {
    [httpPort, tlsPort] = (await freePorts(2)) as [number, number];
    ca = await createTestCa();
    const issued = await ca.issue([BASE, `*.${BASE}`]);
    const folder = await mkdtemp(path.join(tmpdir(), 'hb-manual-cert-'));
    await writeFile(path.join(folder, 'chain.pem'), issued.chainPem);
    await writeFile(path.join(folder, 'key.pem'), issued.keyPem, { mode: 0o600 });
    harness = await startHarness(
      DATABASE_KINDS[0]!,
      {
        HOSTBAY_BASE_DOMAIN: BASE,
        HOSTBAY_PORT: String(httpPort),
        HOSTBAY_TLS: 'manual',
        HOSTBAY_TLS_PORT: String(tlsPort),
        HOSTBAY_TLS_CERT_FILE: path.join(folder, 'chain.pem'),
        HOSTBAY_TLS_KEY_FILE: path.join(folder, 'key.pem'),
        HOSTBAY_TLS_CHECK_INTERVAL: '1s',
      },
      2,
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('serves the dashboard and a member’s site with it, redirects plain HTTP, and says so', async () => {
    const dashboard = await getOverTls(tlsPort, BASE, ca.caPem, '/api/health');
    expect(dashboard).toMatchObject({ status: 200, authorized: true, subject: BASE });
    expect((await getPlain(httpPort, BASE, '/login')).location).toBe(`https://${BASE}:${tlsPort}/login`);

    const user = await harness.newUser();
    expect((await harness.api('POST', '', user.auth)).statusCode).toBe(202);
    const hosting = await harness.waitForStatus(user.auth, ['RUNNING']);
    expect(hosting.https.state).toBe('valid');
    expect(hosting.web_url).toBe(`https://${user.username}.${BASE}:${tlsPort}/`);
    const site = await eventually('the site over HTTPS', async () => {
      const answer = await getOverTls(tlsPort, `${user.username}.${BASE}`, ca.caPem);
      return answer.authorized ? answer : undefined;
    });
    expect(site.body).toContain(`Welcome, ${user.username}!`);
    expect(await checkTls(harness.config)).toMatchObject({ ok: true });
  });
});
