import type { CustomDomain, DomainStepState, SiteHttps } from '@hostbay/contract/tls';
import type { CustomDomainRecord } from './tls.types.js';

/** A member's domain as they see it: the records to set, and how far dns, route and certificate are. */
export function presentDomain(
  record: CustomDomainRecord,
  context: {
    siteName: string;
    siteAddresses: string[];
    https: SiteHttps;
    url: string;
    tlsOn: boolean;
    /** The edge serves the domain now (the keeper routes it in the round after its DNS check passes). */
    routed: boolean;
  },
): CustomDomain {
  const dnsOk = record.dnsState === 'ok';
  const certificate: DomainStepState = !context.tlsOn
    ? 'skipped'
    : !dnsOk
      ? 'pending'
      : context.https.state === 'valid'
        ? 'done'
        : context.https.state === 'failed'
          ? 'failed'
          : 'running';
  return {
    domain: record.domain,
    url: context.url,
    records: [
      { type: 'CNAME', name: record.domain, value: context.siteName },
      ...context.siteAddresses.map((address) => ({ type: 'A' as const, name: record.domain, value: address })),
    ],
    dns: { state: record.dnsState, found: record.dnsFound, checked_at: record.dnsCheckedAt },
    steps: [
      { name: 'dns', state: dnsOk ? 'done' : 'running' },
      { name: 'route', state: context.routed ? 'done' : dnsOk ? 'running' : 'pending' },
      { name: 'certificate', state: certificate },
    ],
    https: dnsOk ? context.https : { ...context.https, state: context.tlsOn ? 'pending' : 'off' },
    created_at: record.createdAt,
  };
}
