import type { CertificateProblem } from '@hostbay/contract/tls';

/** What a certificate is for; decides its challenge (the wildcard's is DNS-01, every other HTTP-01). */
export type CertificatePurpose = 'base' | 'site' | 'wildcard' | 'domain';

/**
 * pending: to obtain (queued, or being obtained); waiting: held back by the ACME server's rate limit;
 * valid: obtained and serving; failed: no certificate, retried at `nextAttemptAt`.
 */
export type CertificateState = 'pending' | 'waiting' | 'valid' | 'failed';

export interface CertificateRecord {
  /** A DNS name, or `*.` and the base domain. */
  name: string;
  purpose: CertificatePurpose;
  state: CertificateState;
  /** Why it waits or failed; on a valid certificate, why its last renewal failed. */
  problem: CertificateProblem | null;
  /** The ACME server's words (for the operator's log and overview, never a member). */
  detail: string | null;
  notAfter: string | null;
  issuedAt: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomDomainRecord {
  domain: string;
  hostingId: string;
  username: string;
  dnsState: 'pending' | 'ok';
  /** What the domain resolved to at the last check: addresses, or `CNAME target`. */
  dnsFound: string[];
  dnsCheckedAt: string | null;
  createdAt: string;
}
