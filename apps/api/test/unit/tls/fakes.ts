import type { CertificateChange } from '../../../src/modules/tls/certificate.repository.js';
import type { EdgeNames } from '../../../src/modules/proxy/route.js';
import type { CertificateAuthorityError } from '../../../src/modules/tls/tls.ports.js';
import {
  type CertificateAuthority,
  type CertificateFiles,
  type ChallengeKind,
  type DomainResolver,
  type IssuedCertificate,
} from '../../../src/modules/tls/tls.ports.js';
import type { CertificatePurpose, CertificateRecord, CustomDomainRecord } from '../../../src/modules/tls/tls.types.js';

/** The certificates table in memory, as CertificateRepository keeps it. */
export class MemoryCertificates {
  readonly rows = new Map<string, CertificateRecord>();
  readonly issuances: { registeredDomain: string; name: string; at: string }[] = [];

  async list(): Promise<CertificateRecord[]> {
    return [...this.rows.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => ({ ...r }));
  }
  async find(name: string): Promise<CertificateRecord | undefined> {
    const row = this.rows.get(name);
    return row && { ...row };
  }
  async addPending(names: readonly { name: string; purpose: CertificatePurpose }[], now: Date): Promise<void> {
    for (const { name, purpose } of names) {
      if (this.rows.has(name)) continue;
      const at = now.toISOString();
      this.rows.set(name, {
        name,
        purpose,
        state: 'pending',
        problem: null,
        detail: null,
        notAfter: null,
        issuedAt: null,
        attempts: 0,
        nextAttemptAt: null,
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  async update(name: string, change: CertificateChange, now: Date): Promise<void> {
    const row = this.rows.get(name);
    if (!row) return;
    this.rows.set(name, {
      ...row,
      state: change.state,
      problem: change.problem,
      detail: change.detail,
      attempts: change.attempts,
      nextAttemptAt: change.nextAttemptAt,
      ...(change.notAfter !== undefined ? { notAfter: change.notAfter } : {}),
      ...(change.issuedAt !== undefined ? { issuedAt: change.issuedAt } : {}),
      updatedAt: now.toISOString(),
    });
  }
  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) this.rows.delete(name);
  }
  async recordIssuance(registeredDomain: string, name: string, at: Date): Promise<void> {
    this.issuances.push({ registeredDomain, name, at: at.toISOString() });
  }
  async issuancesSince(registeredDomain: string, since: Date): Promise<string[]> {
    return this.issuances
      .filter((i) => i.registeredDomain === registeredDomain && i.at >= since.toISOString())
      .map((i) => i.at)
      .sort();
  }
  async pruneIssuances(before: Date): Promise<void> {
    const kept = this.issuances.filter((i) => i.at >= before.toISOString());
    this.issuances.splice(0, this.issuances.length, ...kept);
  }
}

/** The custom_domains table in memory; `orphans` are domains whose hosting is gone. */
export class MemoryDomains {
  readonly rows = new Map<string, CustomDomainRecord>();
  readonly goneHostings = new Set<string>();

  add(domain: string, username: string, hostingId = `h-${username}`): void {
    this.rows.set(domain, {
      domain,
      hostingId,
      username,
      dnsState: 'pending',
      dnsFound: [],
      dnsCheckedAt: null,
      createdAt: new Date(0).toISOString(),
    });
  }
  async listAll(): Promise<CustomDomainRecord[]> {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
  async recordCheck(domain: string, state: 'pending' | 'ok', found: readonly string[], now: Date): Promise<void> {
    const row = this.rows.get(domain);
    if (row) this.rows.set(domain, { ...row, dnsState: state, dnsFound: [...found], dnsCheckedAt: now.toISOString() });
  }
  async remove(domain: string): Promise<void> {
    this.rows.delete(domain);
  }
  async listOrphans(): Promise<string[]> {
    return [...this.rows.values()].filter((r) => this.goneHostings.has(r.hostingId)).map((r) => r.domain);
  }
}

/** An ACME server that issues for 90 days, or fails a name the test names, the way it is told. */
export class FakeAuthority implements CertificateAuthority {
  readonly orders: { names: readonly string[]; challenge: ChallengeKind }[] = [];
  readonly failing = new Map<string, CertificateAuthorityError>();

  constructor(private readonly clock: () => Date) {}

  async obtain(names: readonly string[], challenge: ChallengeKind): Promise<IssuedCertificate> {
    this.orders.push({ names, challenge });
    const failure = this.failing.get(names[0] ?? '');
    if (failure) throw failure;
    return {
      chainPem: `chain of ${names.join(',')}`,
      keyPem: 'key',
      notAfter: new Date(this.clock().getTime() + 90 * 86_400_000),
    };
  }
}

/**
 * The served folder in memory: each name's own certificate or a link to a shared one, and what was
 * removed (in order). `served()` is what nginx would find by name.
 */
export class MemoryCertificateFiles implements CertificateFiles {
  readonly written = new Map<string, IssuedCertificate>();
  readonly links = new Map<string, string>();
  readonly removed: string[] = [];
  challengesCleared = 0;

  fileOf(name: string): string {
    return `/tls/${name}.pem`;
  }
  async write(name: string, certificate: IssuedCertificate): Promise<void> {
    this.written.set(name, certificate);
  }
  async link(name: string, shared: string): Promise<void> {
    this.links.set(name, shared);
  }
  async expiryOf(name: string): Promise<Date | undefined> {
    return this.written.get(name)?.notAfter;
  }
  async remove(name: string): Promise<void> {
    this.written.delete(name);
    this.links.delete(name);
    this.removed.push(name);
  }
  async list(): Promise<string[]> {
    return [...this.written.keys(), ...this.links.keys()].filter((name) => !name.startsWith('*.'));
  }
  async clearChallenges(): Promise<void> {
    this.challengesCleared += 1;
  }
  async installManual(): Promise<{ names: string[]; notAfter: Date }> {
    return { names: [], notAfter: new Date(0) };
  }
  /** Names nginx would serve with a certificate: own files (not the shared wildcard) and links. */
  served(): string[] {
    return [...this.written.keys(), ...this.links.keys()].filter((name) => !name.startsWith('*.')).sort();
  }
}

/** DNS as the test sets it: A records and CNAMEs by name. */
export class FakeResolver implements DomainResolver {
  readonly a = new Map<string, string[]>();
  readonly cnames = new Map<string, string>();
  async addresses(name: string): Promise<string[]> {
    const target = this.cnames.get(name);
    return this.a.get(target ?? name) ?? [];
  }
  async cname(name: string): Promise<string | undefined> {
    return this.cnames.get(name);
  }
}

/** The edge as the keeper sees it: the last aliases it was given. */
export class FakeEdge {
  names: EdgeNames = { aliases: [] };
  async setNames(names: EdgeNames): Promise<void> {
    this.names = names;
  }
}
