import { z } from 'zod';
import { HOSTNAME_PATTERN, IPV4_PATTERN } from './patterns.js';
import { VALIDATION_MESSAGES } from './validation-messages.js';

/**
 * HTTPS and members' own domains (docs/operators.md, "HTTPS"). The API decides
 * every state here; the dashboard only words them, in Korean and English.
 */

/** HOSTBAY_TLS: `off` (plain HTTP), `acme` (certificates from an ACME server), `manual` (files given). */
export const TlsMode = z.enum(['off', 'acme', 'manual']);
export type TlsMode = z.infer<typeof TlsMode>;

/**
 * Why a certificate waits or failed, as a code the dashboard words:
 * - rate_limited: the ACME server's limit on certificates per registered domain (Let's Encrypt: 50 a
 *   week); Hostbay queues the name and tries again at `next_attempt_at`;
 * - challenge_failed: the ACME server could not reach this name's challenge (DNS points elsewhere,
 *   a firewall);
 * - acme_unreachable: the ACME server did not answer;
 * - acme_error: the ACME server refused for another reason (the operator's log has its words).
 */
export const CertificateProblem = z.enum(['rate_limited', 'challenge_failed', 'acme_unreachable', 'acme_error']);
export type CertificateProblem = z.infer<typeof CertificateProblem>;

/**
 * HTTPS of one name, as the member sees it:
 * - off: this Hostbay serves plain HTTP (HOSTBAY_TLS=off), or the name does not route yet;
 * - pending: queued or being obtained;
 * - waiting: held back by the ACME server's rate limit until `next_attempt_at`;
 * - valid: served over HTTPS (plain HTTP redirects), until `expires_at`; `problem` set when a
 *   renewal failed and the certificate still serving is retried;
 * - failed: no certificate; the site keeps answering over plain HTTP, retried at `next_attempt_at`.
 */
export const HttpsState = z.enum(['off', 'pending', 'waiting', 'valid', 'failed']);
export type HttpsState = z.infer<typeof HttpsState>;

export const SiteHttps = z.object({
  state: HttpsState,
  expires_at: z.iso.datetime().nullable(),
  next_attempt_at: z.iso.datetime().nullable(),
  problem: CertificateProblem.nullable(),
});
export type SiteHttps = z.infer<typeof SiteHttps>;

/**
 * A domain a member asks to route to their hosting, such as `www.example.org`: a DNS name with at
 * least one dot, lower case. The API refuses the base domain, names under it and IP addresses.
 */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s) => s.replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .regex(HOSTNAME_PATTERN, VALIDATION_MESSAGES.domain_format)
      .refine((s) => s.includes('.') && !IPV4_PATTERN.test(s), VALIDATION_MESSAGES.domain_format),
  );

export const AddDomainRequest = z.object({ domain: DomainName });
export type AddDomainRequest = z.infer<typeof AddDomainRequest>;

/** A record the member sets at their DNS provider; either record of a domain's list is enough. */
export const DnsRecord = z.object({
  type: z.enum(['CNAME', 'A']),
  name: z.string(),
  value: z.string(),
});
export type DnsRecord = z.infer<typeof DnsRecord>;

/**
 * The steps of a domain, in order: dns (the domain points at this Hostbay), route (the edge sends
 * it to the hosting), certificate (HTTPS for it; `skipped` when HTTPS is off).
 */
export const DomainStepName = z.enum(['dns', 'route', 'certificate']);
export type DomainStepName = z.infer<typeof DomainStepName>;
export const DomainStepState = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export type DomainStepState = z.infer<typeof DomainStepState>;

export const CustomDomain = z.object({
  domain: z.string(),
  /** Where the site answers under this domain: https:// once its certificate is valid. */
  url: z.string(),
  /** Set one of these at the domain's DNS provider (a CNAME cannot sit at a zone's apex; use the A record there). */
  records: z.array(DnsRecord),
  dns: z.object({
    /** ok: the domain resolves to this Hostbay; pending: not checked yet or not yet pointing; */
    state: z.enum(['pending', 'ok']),
    /** What the domain resolved to at the last check (addresses or a CNAME target); empty if nothing. */
    found: z.array(z.string()),
    checked_at: z.iso.datetime().nullable(),
  }),
  steps: z.array(z.object({ name: DomainStepName, state: DomainStepState })),
  https: SiteHttps,
  created_at: z.iso.datetime(),
});
export type CustomDomain = z.infer<typeof CustomDomain>;

export const DomainList = z.object({
  items: z.array(CustomDomain),
  /** How many domains one hosting may have (HOSTBAY_DOMAINS_PER_HOSTING). */
  limit: z.number().int(),
});
export type DomainList = z.infer<typeof DomainList>;

/** The admin overview's HTTPS card. */
export const TlsOverview = z.object({
  mode: TlsMode,
  /** per_name: one certificate per name through HTTP-01; wildcard: one `*.<base-domain>` through DNS-01. */
  names: z.enum(['per_name', 'wildcard']).nullable(),
  certificates: z.record(z.enum(['pending', 'waiting', 'valid', 'failed']), z.number().int()),
  /** The soonest expiry among valid certificates. */
  next_expiry: z.iso.datetime().nullable(),
  /** Names whose last issuance or renewal failed; a renewal's old certificate keeps serving. */
  problems: z.array(
    z.object({
      name: z.string(),
      problem: CertificateProblem,
      /** Still served by a certificate that expires then, or null if it has none. */
      expires_at: z.iso.datetime().nullable(),
      next_attempt_at: z.iso.datetime().nullable(),
    }),
  ),
});
export type TlsOverview = z.infer<typeof TlsOverview>;
