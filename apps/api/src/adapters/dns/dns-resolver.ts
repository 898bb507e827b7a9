import { promises as dns } from 'node:dns';
import type { DomainResolver } from '../../modules/tls/tls.ports.js';

/** Answers that mean "no such record" rather than "DNS is broken". */
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN', 'ESERVFAIL', 'EREFUSED', 'ETIMEOUT', 'ECONNREFUSED']);

/**
 * Looks names up as visitors would, through the system's resolvers or the
 * ones HOSTBAY_DNS_RESOLVERS names (`host:port`).
 */
export class NodeDomainResolver implements DomainResolver {
  private readonly resolver = new dns.Resolver({ timeout: 3000, tries: 2 });

  constructor(servers: readonly string[]) {
    if (servers.length) this.resolver.setServers([...servers]);
  }

  async addresses(name: string): Promise<string[]> {
    return this.lookup(() => this.resolver.resolve4(name));
  }

  async cname(name: string): Promise<string | undefined> {
    const targets = await this.lookup(() => this.resolver.resolveCname(name));
    return targets[0]?.toLowerCase().replace(/\.$/, '');
  }

  private async lookup(query: () => Promise<string[]>): Promise<string[]> {
    try {
      return await query();
    } catch (error) {
      if (NO_RECORD.has((error as NodeJS.ErrnoException).code ?? '')) return [];
      throw error;
    }
  }
}
