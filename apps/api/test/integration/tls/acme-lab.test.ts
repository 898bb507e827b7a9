import { createPrivateKey, X509Certificate } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeLab, type AcmeLab } from '../../support/acme-lab.js';

const ZONE = 'lab.test';
const VALIDITY_SECONDS = 3600;

/**
 * The lab itself, proven with a real ACME client: HTTP-01 against a server of the test's own,
 * DNS-01 through TSIG-signed updates, and a failing HTTP-01 when the name points nowhere.
 */
describe('ACME lab (Pebble + knot)', () => {
  let lab: AcmeLab;
  let challengeServer: http.Server;
  /** HTTP-01 answers the test serves: token -> key authorization. */
  const answers = new Map<string, string>();
  const savedAxios = { httpsAgent: acme.axios.defaults.httpsAgent as unknown, proxy: acme.axios.defaults.proxy };

  beforeAll(async () => {
    challengeServer = http.createServer((request, response) => {
      const token = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '')?.[1];
      const answer = token === undefined ? undefined : answers.get(token);
      response.writeHead(answer === undefined ? 404 : 200, { 'Content-Type': 'text/plain' });
      response.end(answer ?? 'not found');
    });
    await new Promise<void>((resolve) => challengeServer.listen(0, '127.0.0.1', resolve));
    const httpPort = (challengeServer.address() as AddressInfo).port;

    lab = await startAcmeLab({ zones: [ZONE], httpPort, certificateValidityPeriodSeconds: VALIDITY_SECONDS });

    // acme-client sends every request through one module-wide axios instance (documented as `acme.axios`):
    // trust Pebble's HTTPS CA there, and ignore any proxy variables so that nothing leaves loopback.
    acme.axios.defaults.httpsAgent = new https.Agent({ ca: await readFile(lab.directoryCaFile, 'utf8') });
    acme.axios.defaults.proxy = false;
  });

  afterAll(async () => {
    acme.axios.defaults.httpsAgent = savedAxios.httpsAgent;
    acme.axios.defaults.proxy = savedAxios.proxy;
    await lab?.stop();
    await new Promise<void>((resolve) => (challengeServer ? challengeServer.close(() => resolve()) : resolve()));
  });

  async function newClient(): Promise<acme.Client> {
    return new acme.Client({
      directoryUrl: lab.directoryUrl,
      accountKey: await acme.crypto.createPrivateEcdsaKey('P-256'),
      // Pebble validates at once (PEBBLE_VA_NOSLEEP): poll from 100 ms, not acme-client's 5 s.
      backoffMin: 100,
      backoffMax: 1000,
      backoffAttempts: 12,
    });
  }

  async function issue(
    names: string[],
    challenge: 'http-01' | 'dns-01',
  ): Promise<{ chainPem: string; keyPem: Buffer }> {
    const client = await newClient();
    const [keyPem, csr] = await acme.crypto.createCsr({ altNames: names });
    const chainPem = await client.auto({
      csr,
      termsOfServiceAgreed: true,
      challengePriority: [challenge],
      // acme-client's own pre-check would ask this host's resolver, outside the lab (and outside loopback).
      skipChallengeVerification: true,
      // For dns-01, acme-client already hands over the TXT value (base64url SHA-256 of the key authorization),
      // and authz.identifier.value is the name without `*.` for a wildcard.
      challengeCreateFn: async (authz, ch, keyAuthorization) => {
        if (ch.type === 'http-01') answers.set(ch.token, keyAuthorization);
        else await lab.addTxt(`_acme-challenge.${authz.identifier.value}`, keyAuthorization);
      },
      challengeRemoveFn: async (authz, ch, keyAuthorization) => {
        if (ch.type === 'http-01') answers.delete(ch.token);
        else await lab.removeTxt(`_acme-challenge.${authz.identifier.value}`, keyAuthorization);
      },
    });
    return { chainPem, keyPem };
  }

  /** Every certificate is signed by the next; the last by Pebble's issuing root. */
  async function expectChainToRoot(chainPem: string): Promise<X509Certificate[]> {
    const chain = acme.crypto.splitPemChain(chainPem).map((pem) => new X509Certificate(pem));
    const root = new X509Certificate(await lab.issuingRootPem());
    expect(chain.length).toBeGreaterThanOrEqual(2);
    for (const [index, certificate] of chain.entries()) {
      const issuer = chain[index + 1] ?? root;
      expect(certificate.checkIssued(issuer), `certificate ${index} issued by ${issuer.subject}`).toBe(true);
      expect(certificate.verify(issuer.publicKey), `certificate ${index} signature`).toBe(true);
    }
    expect(root.verify(root.publicKey)).toBe(true);
    return chain;
  }

  it('serves its zones and applies TSIG-signed updates', async () => {
    const resolver = new Resolver({ timeout: 1000, tries: 2 });
    resolver.setServers([`${lab.dns.host}:${lab.dns.port}`]);
    expect((await resolver.resolveSoa(ZONE)).nsname).toBe('localhost');
    expect(lab.tsig.algorithm).toBe('hmac-sha256');

    await lab.setA(`x.${ZONE}`, '127.0.0.9');
    await lab.setA(`x.${ZONE}`, '127.0.0.10');
    expect(await resolver.resolve4(`x.${ZONE}`)).toEqual(['127.0.0.10']);
    await lab.removeA(`x.${ZONE}`);
    await expect(resolver.resolve4(`x.${ZONE}`)).rejects.toMatchObject({ code: 'ENOTFOUND' });

    await lab.addTxt(`_t.${ZONE}`, 'one');
    await lab.addTxt(`_t.${ZONE}`, 'two');
    expect((await lab.txt(`_t.${ZONE}`)).sort()).toEqual(['one', 'two']);
    await lab.removeTxt(`_t.${ZONE}`, 'one');
    expect(await lab.txt(`_t.${ZONE}`)).toEqual(['two']);
    await lab.removeTxt(`_t.${ZONE}`);
    expect(await lab.txt(`_t.${ZONE}`)).toEqual([]);

    // Names and values go into nsupdate's command text: anything odd is refused before it gets there.
    await expect(lab.setA(`x.${ZONE}\nupdate delete ${ZONE}. NS`, '127.0.0.1')).rejects.toThrow(/bad name/);
    await expect(lab.setA('x.elsewhere.test', '127.0.0.1')).rejects.toThrow(/none of the lab's zones/);
    await expect(lab.setA(`x.${ZONE}`, '127.0.0.256')).rejects.toThrow(/bad IPv4/);
    await expect(lab.addTxt(`_t.${ZONE}`, 'a" "b')).rejects.toThrow(/bad TXT/);
  });

  it('issues a certificate over HTTP-01 that chains to the issuing root', async () => {
    await lab.setA(`a.${ZONE}`, '127.0.0.1');
    const { chainPem, keyPem } = await issue([`a.${ZONE}`], 'http-01');

    const [leaf] = await expectChainToRoot(chainPem);
    expect(leaf!.checkHost(`a.${ZONE}`)).toBe(`a.${ZONE}`);
    expect(leaf!.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    const lifetimeSeconds = (Date.parse(leaf!.validTo) - Date.parse(leaf!.validFrom)) / 1000;
    expect(lifetimeSeconds).toBeGreaterThanOrEqual(VALIDITY_SECONDS - 1);
    expect(lifetimeSeconds).toBeLessThanOrEqual(VALIDITY_SECONDS);
  });

  it('issues a wildcard and its apex over DNS-01', async () => {
    const { chainPem } = await issue([`*.${ZONE}`, ZONE], 'dns-01');

    const [leaf] = await expectChainToRoot(chainPem);
    // checkHost answers with the SAN that matched.
    expect(leaf!.checkHost(`anything.${ZONE}`)).toBe(`*.${ZONE}`);
    expect(leaf!.checkHost(ZONE)).toBe(ZONE);
    // challengeRemoveFn cleaned up after both authorizations.
    expect(await lab.txt(`_acme-challenge.${ZONE}`)).toEqual([]);
  });

  it('fails HTTP-01 when the name points where nothing serves', async () => {
    await lab.setA(`dead.${ZONE}`, '127.0.0.2');
    // Pebble's own words, passed on by acme-client: it looked the name up in the lab's DNS and dialled there.
    await expect(issue([`dead.${ZONE}`], 'http-01')).rejects.toThrow(/127\.0\.0\.2:\d+: connect: connection refused/);
  });
});
