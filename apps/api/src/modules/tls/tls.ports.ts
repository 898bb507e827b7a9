import type { CertificateProblem } from '@hostbay/contract/tls';

/**
 * What the TLS module needs from outside, as interfaces it owns: an ACME
 * client, the certificate files the edge reads, DNS lookups for members'
 * domains. The adapters in `adapters/acme/`, `adapters/tls/` and
 * `adapters/dns/` implement them; the unit tier uses fakes.
 */

/** A certificate as obtained: the chain (leaf first) and its private key, both PEM. */
export interface IssuedCertificate {
  chainPem: string;
  keyPem: string;
  notAfter: Date;
}

export type ChallengeKind = 'http-01' | 'dns-01';

/** An ACME server (Let's Encrypt, Pebble, any RFC 8555 directory). */
export interface CertificateAuthority {
  /** One certificate for all `names`, proving control of each with `challenge`. */
  obtain(names: readonly string[], challenge: ChallengeKind): Promise<IssuedCertificate>;
}

/**
 * An attempt that failed, in words for the operator (`message`) and a code for the member
 * (`problem`); `retryAfter` when the server said when to come back.
 */
export class CertificateAuthorityError extends Error {
  constructor(
    readonly problem: CertificateProblem,
    message: string,
    readonly retryAfter?: Date,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CertificateAuthorityError';
  }
}

/**
 * The files nginx reads at each handshake, one entry per served name: the name's own certificate,
 * or a link to a shared one (the wildcard, the operator's manual certificate). A name with no entry
 * has no HTTPS. Entries change with a rename: no reload, and a handshake never reads half a file.
 */
export interface CertificateFiles {
  /** Where a name's certificate is (`*.<base>` and `manual` are shared ones). */
  fileOf(name: string): string;
  write(name: string, certificate: IssuedCertificate): Promise<void>;
  /** Serves `name` with a shared certificate (`*.<base>` or `manual`). */
  link(name: string, shared: string): Promise<void>;
  /** When a name's certificate on disk expires, or undefined when there is none (or it cannot be read). */
  expiryOf(name: string): Promise<Date | undefined>;
  remove(name: string): Promise<void>;
  /** The names served now (own files and links). */
  list(): Promise<string[]>;
  /** Removes every HTTP-01 answer (what an order interrupted by a crash left behind). */
  clearChallenges(): Promise<void>;
  /** `manual` mode: copies the operator's chain and key; returns the names the certificate covers. */
  installManual(chainFile: string, keyFile: string): Promise<{ names: string[]; notAfter: Date }>;
}

/** DNS as the world sees it, for checking that a member's domain points here. */
export interface DomainResolver {
  /** A records of a name (empty when it has none or does not exist). */
  addresses(name: string): Promise<string[]>;
  /** The CNAME target of a name, if it has one. */
  cname(name: string): Promise<string | undefined>;
}

/** TXT records for DNS-01 challenges (RFC 2136 dynamic updates today; a DNS provider's API could implement it too). */
export interface DnsTxtRecords {
  add(name: string, value: string): Promise<void>;
  remove(name: string, value: string): Promise<void>;
}

/** Files the edge answers HTTP-01 challenges from (/.well-known/acme-challenge/<token>). */
export interface HttpChallengeFiles {
  putChallenge(token: string, content: string): Promise<void>;
  removeChallenge(token: string): Promise<void>;
}
