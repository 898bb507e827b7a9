import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { LETS_ENCRYPT_DIRECTORY } from '../../../src/config/tls.js';

const load = async (env: Record<string, string>) =>
  loadConfig({ HOSTBAY_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'hostbay-tls-config-')), ...env });

describe('HTTPS settings', () => {
  it('are off by default; acme means Let’s Encrypt, one certificate per name, renewed 30 days ahead', async () => {
    expect((await load({})).tls.mode).toBe('off');
    const { tls } = await load({ HOSTBAY_TLS: 'acme', HOSTBAY_BASE_DOMAIN: 'hosting.example.org' });
    expect(tls).toMatchObject({ mode: 'acme', port: 443, names: 'per_name', renewBeforeSeconds: 30 * 86_400 });
    expect(tls.acme).toMatchObject({
      directoryUrl: LETS_ENCRYPT_DIRECTORY,
      issuanceLimit: { points: 50, seconds: 7 * 86_400 },
    });
    expect(tls.acme.accountKeyFile).toMatch(/\/tls\/acme-account\.key$/);
  });

  it('reads a wildcard set-up with its RFC 2136 server and TSIG key', async () => {
    const { tls } = await load({
      HOSTBAY_TLS: 'acme',
      HOSTBAY_BASE_DOMAIN: 'hosting.example.org',
      HOSTBAY_TLS_NAMES: 'wildcard',
      HOSTBAY_DNS_UPDATE_SERVER: '192.0.2.53:5353',
      HOSTBAY_DNS_UPDATE_KEY: 'hmac-sha256:hostbay-acme:c2VjcmV0c2VjcmV0',
    });
    expect(tls.names).toBe('wildcard');
    expect(tls.dnsUpdate).toEqual({
      provider: 'rfc2136',
      server: { host: '192.0.2.53', port: 5353 },
      key: { algorithm: 'hmac-sha256', name: 'hostbay-acme', secret: 'c2VjcmV0c2VjcmV0' },
      zone: 'hosting.example.org',
    });
  });

  it('refuses, naming the variable, what cannot work', async () => {
    await expect(load({ HOSTBAY_TLS: 'acme' })).rejects.toThrow(
      /HOSTBAY_BASE_DOMAIN: HOSTBAY_TLS=acme needs a real domain/,
    );
    await expect(
      load({ HOSTBAY_TLS: 'acme', HOSTBAY_BASE_DOMAIN: 'h.example.org', HOSTBAY_EDGE: 'off' }),
    ).rejects.toThrow(/^HOSTBAY_TLS: HOSTBAY_TLS=acme needs the edge/);
    await expect(
      load({ HOSTBAY_TLS: 'acme', HOSTBAY_BASE_DOMAIN: 'h.example.org', HOSTBAY_TLS_NAMES: 'wildcard' }),
    ).rejects.toThrow(/^HOSTBAY_DNS_UPDATE_SERVER: /);
    await expect(
      load({ HOSTBAY_TLS: 'manual', HOSTBAY_BASE_DOMAIN: 'h.example.org', HOSTBAY_TLS_KEY_FILE: '/k.pem' }),
    ).rejects.toThrow(/^HOSTBAY_TLS_CERT_FILE: /);
    await expect(load({ HOSTBAY_DNS_UPDATE_KEY: 'hmac-md5:k:c2VjcmV0' })).rejects.toThrow(/^HOSTBAY_DNS_UPDATE_KEY: /);
    // A value that would end nsupdate's command line never gets through.
    await expect(load({ HOSTBAY_DNS_UPDATE_SERVER: '192.0.2.1\nsend' })).rejects.toThrow(
      /^HOSTBAY_DNS_UPDATE_SERVER: /,
    );
  });
});
