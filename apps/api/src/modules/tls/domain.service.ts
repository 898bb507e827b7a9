import type { CustomDomain, DomainList } from '@hostbay/contract/tls';
import { ErrorCode } from '@hostbay/contract/envelope';
import { VALIDATION_MESSAGES } from '@hostbay/contract/validation-messages';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { UserRecord } from '../users/user.repository.js';
import { DomainTakenError, type DomainRepository } from './domain.repository.js';
import { checkDomainDns } from './domain-dns.js';
import { presentDomain } from './domain.presenter.js';
import type { DomainResolver } from './tls.ports.js';
import type { CustomDomainRecord } from './tls.types.js';
import type { TlsStatus } from './tls-status.js';

export interface DomainServiceDeps {
  domains: Pick<DomainRepository, 'listByHosting' | 'find' | 'countByHosting' | 'insert' | 'recordCheck' | 'remove'>;
  hostings: { findActiveByUser(userId: string): Promise<HostingRecord | undefined> };
  resolver: DomainResolver;
  status: TlsStatus;
  /** The certificate keeper: a new domain is looked at now; a removed one leaves the edge and its certificate goes. */
  keeper: { kick(): Promise<void>; forget(domain: string): Promise<void> };
  /** Whether the edge serves a domain now. */
  isRouted(domain: string): boolean;
  baseDomain: string;
  domainsPerHosting: number;
  now?: () => Date;
}

/**
 * Members' own domains: add one (shown the DNS record to set), check it,
 * remove it. A domain belongs to at most one hosting; the base domain and
 * the names under it (members' sites, the dashboard) are Hostbay's own. Once
 * the DNS points here, the certificate keeper routes the domain and obtains
 * its certificate.
 */
export class DomainService {
  constructor(private readonly deps: DomainServiceDeps) {}

  async list(user: UserRecord): Promise<DomainList> {
    const hosting = await this.requireHosting(user);
    const [domains, siteAddresses] = await Promise.all([
      this.deps.domains.listByHosting(hosting.id),
      this.siteAddresses(hosting),
    ]);
    const items = await Promise.all(domains.map((domain) => this.presentRecord(domain, hosting, siteAddresses)));
    return { items, limit: this.deps.domainsPerHosting };
  }

  async add(user: UserRecord, domain: string): Promise<CustomDomain> {
    const hosting = await this.requireHosting(user);
    const { baseDomain } = this.deps;
    if (domain === baseDomain || domain.endsWith(`.${baseDomain}`)) {
      throw new ValidationError(`${domain} is this Hostbay's own name or a member's site.`, [
        { field: 'domain', message: VALIDATION_MESSAGES.domain_reserved, code: 'domain_reserved' },
      ]);
    }
    if (hosting.status === 'DELETING') throw new ConflictError('Your hosting is being deleted.');
    const owned = await this.deps.domains.find(domain);
    if (owned && owned.hostingId === hosting.id) return this.mustPresent(domain, hosting);
    if ((await this.deps.domains.countByHosting(hosting.id)) >= this.deps.domainsPerHosting) {
      throw new ConflictError(
        `Your hosting has ${this.deps.domainsPerHosting} domains, as many as it may have.`,
        ErrorCode.domainLimit,
      );
    }
    try {
      await this.deps.domains.insert({ domain, hostingId: hosting.id, username: hosting.username }, this.now());
    } catch (error) {
      if (error instanceof DomainTakenError) {
        throw new ConflictError(`${domain} is already another hosting's domain.`, ErrorCode.domainTaken);
      }
      throw error;
    }
    await this.checkNow(domain, hosting);
    return this.mustPresent(domain, hosting);
  }

  /** Checks the domain's DNS now (the member just set it) rather than at the keeper's next round. */
  async check(user: UserRecord, domain: string): Promise<CustomDomain> {
    const hosting = await this.requireHosting(user);
    await this.requireDomain(domain, hosting);
    await this.checkNow(domain, hosting);
    return this.mustPresent(domain, hosting);
  }

  async remove(user: UserRecord, domain: string): Promise<void> {
    const hosting = await this.requireHosting(user);
    await this.requireDomain(domain, hosting);
    await this.deps.domains.remove(domain);
    // Answered once the edge no longer routes it and its certificate is gone.
    await this.deps.keeper.forget(domain);
  }

  private async checkNow(domain: string, hosting: HostingRecord): Promise<void> {
    const check = await checkDomainDns(this.deps.resolver, domain, `${hosting.username}.${this.deps.baseDomain}`);
    await this.deps.domains.recordCheck(domain, check.ok ? 'ok' : 'pending', check.found, this.now());
    // Routing and the certificate follow in the keeper's round; the member watches the steps.
    if (check.ok) void this.deps.keeper.kick();
  }

  private async requireHosting(user: UserRecord): Promise<HostingRecord> {
    const hosting = await this.deps.hostings.findActiveByUser(user.id);
    if (!hosting) throw new NotFoundError('You have no hosting yet.');
    return hosting;
  }

  private async requireDomain(domain: string, hosting: HostingRecord): Promise<void> {
    const found = await this.deps.domains.find(domain);
    if (!found || found.hostingId !== hosting.id) throw new NotFoundError(`${domain} is not one of your domains.`);
  }

  private async mustPresent(domain: string, hosting: HostingRecord): Promise<CustomDomain> {
    const presented = await this.present(domain, hosting);
    if (!presented) throw new NotFoundError(`${domain} is not one of your domains.`);
    return presented;
  }

  private async present(domain: string, hosting: HostingRecord): Promise<CustomDomain | undefined> {
    const record = await this.deps.domains.find(domain);
    return record && this.presentRecord(record, hosting, await this.siteAddresses(hosting));
  }

  /** The addresses the member's site name resolves to: what an A record for their domain should say. */
  private siteAddresses(hosting: HostingRecord): Promise<string[]> {
    return this.deps.resolver.addresses(`${hosting.username}.${this.deps.baseDomain}`).catch(() => []);
  }

  private async presentRecord(
    record: CustomDomainRecord,
    hosting: HostingRecord,
    siteAddresses: string[],
  ): Promise<CustomDomain> {
    const https = await this.deps.status.ofName(record.domain);
    return presentDomain(record, {
      siteName: `${hosting.username}.${this.deps.baseDomain}`,
      siteAddresses,
      https,
      url: this.deps.status.urlOf(record.domain, https),
      // Only ACME obtains a certificate for a member's domain; a manual one may happen to cover it.
      tlsOn: this.deps.status.mode === 'acme' || https.state === 'valid',
      routed: this.deps.isRouted(record.domain),
    });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
