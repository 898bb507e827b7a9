import path from 'node:path';
import { z } from 'zod';
import type { TlsMode } from '@hostbay/contract/tls';
import { HOSTNAME_PATTERN } from '@hostbay/contract/patterns';
import { ConfigError, durationVar, enumVar, intVar, listVar, rateVar, readEnv, type Env } from './env-reader.js';
import type { RateLimit } from './config.js';

/** Let's Encrypt's production directory: what `acme` means when no other directory is named. */
export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';

/** A TSIG key for RFC 2136 updates, as BIND and knot write it: `hmac-sha256:name:base64secret`. */
export interface TsigKey {
  algorithm: 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512';
  name: string;
  secret: string;
}

/** How the wildcard's DNS-01 challenge reaches DNS; only RFC 2136 today, room for a provider's API later. */
export interface DnsUpdateSettings {
  provider: 'rfc2136';
  server: { host: string; port: number };
  key: TsigKey;
  /** The zone the `_acme-challenge` records go into (default: the base domain). */
  zone: string;
}

export interface AcmeSettings {
  directoryUrl: string;
  /** Contact address for the ACME account (expiry notices); optional. */
  email: string | undefined;
  /** A CA file the directory's own HTTPS certificate chains to (a private ACME server, Pebble). */
  caFile: string | undefined;
  /** Where the account key lives (mode 0600). */
  accountKeyFile: string;
  /** New certificates per registered domain (Let's Encrypt: 50 a week); past it, names queue. */
  issuanceLimit: RateLimit;
}

export interface TlsConfig {
  mode: TlsMode;
  /** The port HTTPS listens on (the edge's), 443 by default. */
  port: number;
  /**
   * per_name: one certificate for the base domain and one per member's name through HTTP-01;
   * wildcard: one certificate for `<base>` and `*.<base>` through DNS-01 (needs `dnsUpdate`).
   * Members' own domains always go through HTTP-01.
   */
  names: 'per_name' | 'wildcard';
  /** Folder of certificates, keys, challenges (under the data folder). */
  dir: string;
  acme: AcmeSettings;
  dnsUpdate: DnsUpdateSettings | undefined;
  /** `manual`: the certificate chain and key files the operator gives (their names come from the certificate). */
  manual: { certFile: string; keyFile: string } | undefined;
  /** Renew when a certificate has less than this left. */
  renewBeforeSeconds: number;
  /** HSTS max-age sent once a name has a valid certificate (0: no HSTS header). */
  hstsMaxAgeSeconds: number;
  /** How often the keeper looks at certificates and members' domains. */
  checkIntervalSeconds: number;
  /** Resolvers the domain check asks (`host:port`), or the system's when empty. */
  resolvers: string[];
  /** Custom domains one hosting may have. */
  domainsPerHosting: number;
}

const absolutePath = (what: string) => z.string().regex(/^\/\S+$/, `expected the absolute path of ${what}`);

const tlsShape = {
  HOSTBAY_TLS: enumVar(['off', 'acme', 'manual'], 'off'),
  HOSTBAY_TLS_PORT: intVar(443, 1, 65535),
  HOSTBAY_TLS_NAMES: enumVar(['per-name', 'wildcard'], 'per-name'),
  HOSTBAY_ACME_DIRECTORY: z.url({ message: 'expected the https:// URL of an ACME directory' }).optional(),
  HOSTBAY_ACME_EMAIL: z.email({ message: 'expected an email address for the ACME account' }).optional(),
  HOSTBAY_ACME_CA_FILE: absolutePath('a PEM file of CA certificates').optional(),
  HOSTBAY_ACME_RATE_LIMIT: rateVar('50/7d'),
  HOSTBAY_TLS_CERT_FILE: absolutePath('the certificate chain (PEM)').optional(),
  HOSTBAY_TLS_KEY_FILE: absolutePath('the private key (PEM)').optional(),
  HOSTBAY_TLS_RENEW_BEFORE: durationVar('30d', 3600, 89 * 86400),
  HOSTBAY_HSTS_MAX_AGE: durationVar('365d', 0, 2 * 365 * 86400),
  HOSTBAY_TLS_CHECK_INTERVAL: durationVar('1m', 1, 86400),
  HOSTBAY_DNS_UPDATE_SERVER: z
    .string()
    .regex(/^[0-9.]+(:\d{1,5})?$/, 'expected the IPv4 address (and :port) of the DNS server that takes updates')
    .optional(),
  HOSTBAY_DNS_UPDATE_KEY: z
    .string()
    .regex(
      /^hmac-sha(256|384|512):[A-Za-z0-9._-]+:[A-Za-z0-9+/]+={0,2}$/,
      'expected a TSIG key written hmac-sha256:NAME:BASE64SECRET',
    )
    .optional(),
  HOSTBAY_DNS_UPDATE_ZONE: z
    .string()
    .regex(HOSTNAME_PATTERN, 'expected the DNS zone the challenge records go into')
    .optional(),
  HOSTBAY_DNS_RESOLVERS: listVar(/^[0-9.]+(:\d{1,5})?$/, 'expected comma-separated IPv4 resolvers (and :port)'),
  HOSTBAY_DOMAINS_PER_HOSTING: intVar(5, 0, 100),
};

export function readTlsConfig(
  env: Env,
  dataDir: string,
  baseDomain: string,
  edgeMode: 'own' | 'system' | 'off',
): TlsConfig {
  const vars = readEnv(env, tlsShape);
  const mode = vars.HOSTBAY_TLS;
  const names = vars.HOSTBAY_TLS_NAMES === 'wildcard' ? 'wildcard' : 'per_name';
  const dnsUpdate = readDnsUpdate(vars, baseDomain);
  if (mode === 'acme' && names === 'wildcard' && !dnsUpdate) {
    throw new ConfigError(
      'HOSTBAY_DNS_UPDATE_SERVER',
      'HOSTBAY_TLS_NAMES=wildcard needs a DNS server that takes RFC 2136 updates and its HOSTBAY_DNS_UPDATE_KEY',
      undefined,
    );
  }
  if (mode === 'manual' && (!vars.HOSTBAY_TLS_CERT_FILE || !vars.HOSTBAY_TLS_KEY_FILE)) {
    throw new ConfigError(
      vars.HOSTBAY_TLS_CERT_FILE ? 'HOSTBAY_TLS_KEY_FILE' : 'HOSTBAY_TLS_CERT_FILE',
      'HOSTBAY_TLS=manual needs HOSTBAY_TLS_CERT_FILE and HOSTBAY_TLS_KEY_FILE',
      undefined,
    );
  }
  if (mode !== 'off' && edgeMode === 'off') {
    throw new ConfigError(
      'HOSTBAY_TLS',
      `HOSTBAY_TLS=${mode} needs the edge (HOSTBAY_EDGE=own or system): nginx speaks TLS`,
      mode,
    );
  }
  if (mode !== 'off' && (baseDomain === 'localhost' || !baseDomain.includes('.'))) {
    throw new ConfigError(
      'HOSTBAY_BASE_DOMAIN',
      `HOSTBAY_TLS=${mode} needs a real domain name (certificates are not issued for ${baseDomain})`,
      baseDomain,
    );
  }
  const dir = path.join(dataDir, 'tls');
  return {
    mode,
    port: vars.HOSTBAY_TLS_PORT,
    names,
    dir,
    acme: {
      directoryUrl: vars.HOSTBAY_ACME_DIRECTORY ?? LETS_ENCRYPT_DIRECTORY,
      email: vars.HOSTBAY_ACME_EMAIL,
      caFile: vars.HOSTBAY_ACME_CA_FILE,
      accountKeyFile: path.join(dir, 'acme-account.key'),
      issuanceLimit: vars.HOSTBAY_ACME_RATE_LIMIT,
    },
    dnsUpdate,
    manual:
      vars.HOSTBAY_TLS_CERT_FILE && vars.HOSTBAY_TLS_KEY_FILE
        ? { certFile: vars.HOSTBAY_TLS_CERT_FILE, keyFile: vars.HOSTBAY_TLS_KEY_FILE }
        : undefined,
    renewBeforeSeconds: vars.HOSTBAY_TLS_RENEW_BEFORE,
    hstsMaxAgeSeconds: vars.HOSTBAY_HSTS_MAX_AGE,
    checkIntervalSeconds: vars.HOSTBAY_TLS_CHECK_INTERVAL,
    resolvers: vars.HOSTBAY_DNS_RESOLVERS,
    domainsPerHosting: vars.HOSTBAY_DOMAINS_PER_HOSTING,
  };
}

function readDnsUpdate(
  vars: { HOSTBAY_DNS_UPDATE_SERVER?: string; HOSTBAY_DNS_UPDATE_KEY?: string; HOSTBAY_DNS_UPDATE_ZONE?: string },
  baseDomain: string,
): DnsUpdateSettings | undefined {
  if (!vars.HOSTBAY_DNS_UPDATE_SERVER) return undefined;
  if (!vars.HOSTBAY_DNS_UPDATE_KEY) {
    throw new ConfigError(
      'HOSTBAY_DNS_UPDATE_KEY',
      'HOSTBAY_DNS_UPDATE_SERVER needs the TSIG key its updates are signed with',
      undefined,
    );
  }
  const [host = '', port = '53'] = vars.HOSTBAY_DNS_UPDATE_SERVER.split(':');
  const [algorithm, name = '', secret = ''] = vars.HOSTBAY_DNS_UPDATE_KEY.split(':');
  return {
    provider: 'rfc2136',
    server: { host, port: Number(port) },
    key: { algorithm: algorithm as TsigKey['algorithm'], name, secret },
    zone: vars.HOSTBAY_DNS_UPDATE_ZONE ?? baseDomain,
  };
}
