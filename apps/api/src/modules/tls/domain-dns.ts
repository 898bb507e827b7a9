import type { DomainResolver } from './tls.ports.js';

export interface DomainDnsCheck {
  /** The domain reaches this Hostbay: a CNAME to the member's site name, or an address the site name has. */
  ok: boolean;
  /** What the domain resolved to: its CNAME target first (if any), then its addresses. */
  found: string[];
}

/**
 * Whether a member's domain points at this Hostbay. Hostbay may not know its
 * own public address (behind NAT, or several), so it compares with what the
 * member's own site name resolves to: the same DNS the visitors use.
 */
export async function checkDomainDns(
  resolver: DomainResolver,
  domain: string,
  siteName: string,
): Promise<DomainDnsCheck> {
  const [cname, addresses, expected] = await Promise.all([
    resolver.cname(domain),
    resolver.addresses(domain),
    resolver.addresses(siteName),
  ]);
  const found = [...(cname ? [cname] : []), ...addresses];
  if (cname === siteName) return { ok: true, found };
  return { ok: addresses.length > 0 && addresses.some((address) => expected.includes(address)), found };
}
