import type { RateLimit } from '../../config/config.js';
import type { EdgeNames } from '../proxy/route.js';
import type { JobLogger } from '../hosting/hosting.ports.js';
import type { CertificateChange, CertificateRepository } from './certificate.repository.js';
import type { DomainRepository } from './domain.repository.js';
import { checkDomainDns } from './domain-dns.js';
import { covers } from './tls-status.js';
import {
  CertificateAuthorityError,
  type CertificateAuthority,
  type CertificateFiles,
  type DomainResolver,
} from './tls.ports.js';
import type { CertificatePurpose, CertificateRecord } from './tls.types.js';

export interface CertificateKeeperSettings {
  /** acme: obtain and renew; manual: serve the operator's certificate; off: nothing to keep. */
  mode: 'off' | 'acme' | 'manual';
  names: 'per_name' | 'wildcard';
  baseDomain: string;
  renewBeforeSeconds: number;
  /** New certificates per registered domain per window (Let's Encrypt: 50 a week). */
  issuanceLimit: RateLimit;
  /** The first retry after a failure; each next one waits twice as long, up to a day. */
  retryBaseSeconds: number;
  manual: { certFile: string; keyFile: string } | undefined;
}

export interface CertificateKeeperDeps {
  certificates: Pick<
    CertificateRepository,
    'list' | 'addPending' | 'update' | 'remove' | 'recordIssuance' | 'issuancesSince' | 'pruneIssuances'
  >;
  domains: Pick<DomainRepository, 'listAll' | 'recordCheck' | 'remove' | 'listOrphans'>;
  /** Usernames of the members whose hosting exists: each site name gets a certificate (per_name). */
  siteUsernames(): Promise<string[]>;
  /** Undefined unless mode is acme. */
  authority: CertificateAuthority | undefined;
  files: CertificateFiles;
  resolver: DomainResolver;
  edge: { setNames(names: EdgeNames): Promise<void> };
  /** The registered domain a name counts against for the rate limit (the public suffix list). */
  registeredDomainOf(name: string): string;
  settings: CertificateKeeperSettings;
  log: JobLogger;
  now?: () => Date;
}

const DAY_MS = 86_400_000;

/** A certificate that serves until `notAfter`, with nothing wrong and nothing to retry. */
function validUntil(notAfter: Date): CertificateChange {
  return {
    state: 'valid',
    problem: null,
    detail: null,
    attempts: 0,
    nextAttemptAt: null,
    notAfter: notAfter.toISOString(),
  };
}
const PRIORITY: Record<CertificatePurpose, number> = { base: 0, wildcard: 0, site: 1, domain: 2 };

/**
 * Keeps every name Hostbay serves covered: decides which names need a
 * certificate (the base domain, each member's site or one wildcard, and
 * members' domains once their DNS points here), obtains them one at a time,
 * renews them `renewBefore` ahead of expiry, keeps the ACME server's rate
 * limit by queueing, and backs off after failures. A failed renewal leaves
 * the old file in place, which nginx keeps serving. It tells the edge which
 * names have a certificate and which domains alias which site.
 */
export class CertificateKeeper {
  private running: Promise<void> | undefined;
  private again = false;
  private manualNames: { names: string[]; notAfter: Date } | undefined;

  constructor(private readonly deps: CertificateKeeperDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The names the manual certificate covers (HOSTBAY_TLS=manual), once installed. */
  get manualCertificate(): { names: string[]; notAfter: Date } | undefined {
    return this.manualNames;
  }

  /**
   * Installs the manual certificate (if any), picks up after a crash, and tells the edge what is served.
   * A crash between writing a certificate and recording it left a file the database does not count as
   * valid: it is adopted (not obtained again, which would spend the rate limit). Files of names no
   * longer kept, and challenge answers of an order that never finished, are removed.
   */
  async start(): Promise<void> {
    const { settings, files, certificates } = this.deps;
    if (settings.mode === 'manual' && settings.manual) {
      this.manualNames = await files.installManual(settings.manual.certFile, settings.manual.keyFile);
    }
    await files.clearChallenges();
    const now = this.now();
    for (const record of await certificates.list()) {
      if (record.state === 'valid') continue;
      const expiry = await files.expiryOf(record.name);
      if (!expiry || expiry.getTime() - settings.renewBeforeSeconds * 1000 <= now.getTime()) continue;
      await certificates.update(record.name, validUntil(expiry), now);
      this.deps.log.info({ name: record.name }, 'tls: adopted a certificate obtained before a restart');
    }
    await this.publish();
    await this.sweepFiles();
  }

  /** Runs a round now, or right after the one running (several calls in a round make one more). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.tick();
        } while (this.again);
      } catch (error) {
        this.deps.log.error({ err: error }, 'tls: a round of certificate upkeep failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves when the round running (if any) has finished. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** A member removed a domain: the edge stops routing it and its certificate goes (row and file). */
  async forget(domain: string): Promise<void> {
    await this.deps.certificates.remove([domain]);
    await this.deps.files.remove(domain);
    await this.publish();
  }

  /** One round: sweep, check members' domains, sync wanted names, obtain and renew what is due, publish. */
  async tick(): Promise<void> {
    const { domains } = this.deps;
    for (const orphan of await domains.listOrphans()) await domains.remove(orphan);
    await this.checkPendingDomains();
    if (this.deps.settings.mode === 'acme') {
      await this.syncWanted();
      await this.publish();
      for (const record of await this.due()) {
        await this.attempt(record);
        // A new wildcard serves every site at once, not after the whole queue.
        if (record.purpose === 'wildcard') await this.publish();
      }
    } else {
      await this.publish();
    }
  }

  private async checkPendingDomains(): Promise<void> {
    const { domains, resolver, settings } = this.deps;
    for (const domain of await domains.listAll()) {
      if (domain.dnsState === 'ok') continue;
      const check = await checkDomainDns(resolver, domain.domain, `${domain.username}.${settings.baseDomain}`);
      await domains.recordCheck(domain.domain, check.ok ? 'ok' : 'pending', check.found, this.now());
      if (check.ok) this.deps.log.info({ domain: domain.domain }, 'tls: a member domain points here now');
    }
  }

  /** The names that should have a certificate now, and what each is for. */
  private async wanted(): Promise<Map<string, CertificatePurpose>> {
    const { settings, domains } = this.deps;
    const wanted = new Map<string, CertificatePurpose>();
    if (settings.names === 'wildcard') {
      wanted.set(`*.${settings.baseDomain}`, 'wildcard');
    } else {
      wanted.set(settings.baseDomain, 'base');
      for (const username of await this.deps.siteUsernames()) {
        wanted.set(`${username}.${settings.baseDomain}`, 'site');
      }
    }
    for (const domain of await domains.listAll()) {
      if (domain.dnsState === 'ok') wanted.set(domain.domain, 'domain');
    }
    return wanted;
  }

  private async syncWanted(): Promise<void> {
    const { certificates, files } = this.deps;
    const wanted = await this.wanted();
    const kept = await certificates.list();
    const keptNames = new Set(kept.map((record) => record.name));
    await certificates.addPending(
      [...wanted].filter(([name]) => !keptNames.has(name)).map(([name, purpose]) => ({ name, purpose })),
      this.now(),
    );
    const unwanted = kept.filter((record) => !wanted.has(record.name)).map((record) => record.name);
    if (unwanted.length > 0) {
      await certificates.remove(unwanted);
      for (const name of unwanted) await files.remove(name);
      this.deps.log.info({ names: unwanted }, 'tls: certificates of names no longer served removed');
    }
    await this.sweepFiles();
  }

  /**
   * Removes served entries nobody keeps: a name whose row is gone, a link no longer wanted. Only inside
   * a round or at start (never beside an attempt, which writes a file before recording it).
   */
  private async sweepFiles(): Promise<void> {
    const { files, certificates } = this.deps;
    const keep = new Set([...(await certificates.list()).map((record) => record.name), ...(await this.links()).keys()]);
    for (const name of await files.list()) if (!keep.has(name)) await files.remove(name);
  }

  /** What to obtain or renew now: the dashboard's name first (members sign in there), then the oldest wait. */
  private async due(): Promise<CertificateRecord[]> {
    const now = this.now().getTime();
    const renewBefore = this.deps.settings.renewBeforeSeconds * 1000;
    const records = await this.deps.certificates.list();
    return records
      .filter((record) => {
        const retryAt = record.nextAttemptAt === null ? 0 : Date.parse(record.nextAttemptAt);
        if (retryAt > now) return false;
        if (record.state !== 'valid') return true;
        return record.notAfter === null || Date.parse(record.notAfter) - renewBefore <= now;
      })
      .sort(
        (a, b) =>
          PRIORITY[a.purpose] - PRIORITY[b.purpose] ||
          (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0),
      );
  }

  private async attempt(record: CertificateRecord): Promise<void> {
    const { certificates, authority, files, settings, log } = this.deps;
    if (!authority) return;
    const now = this.now();
    const renewal = record.state === 'valid';
    const registered = this.deps.registeredDomainOf(record.name.replace(/^\*\./, ''));
    const limit = settings.issuanceLimit;
    const windowStart = new Date(now.getTime() - limit.seconds * 1000);
    await certificates.pruneIssuances(windowStart);
    const recent = await certificates.issuancesSince(registered, windowStart);
    if (recent.length >= limit.points) {
      // Let's Encrypt would refuse; wait until the oldest issuance leaves the window.
      const freeAt = new Date(Date.parse(recent[0] ?? now.toISOString()) + limit.seconds * 1000 + 1000);
      await certificates.update(
        record.name,
        {
          state: renewal ? 'valid' : 'waiting',
          problem: 'rate_limited',
          detail: `${recent.length} certificates for ${registered} within the rate limit's window`,
          attempts: record.attempts,
          nextAttemptAt: freeAt.toISOString(),
        },
        now,
      );
      log.warn({ name: record.name, until: freeAt.toISOString() }, 'tls: waiting for the ACME rate limit');
      return;
    }
    const names = record.purpose === 'wildcard' ? [record.name, settings.baseDomain] : [record.name];
    const challenge = record.purpose === 'wildcard' ? 'dns-01' : 'http-01';
    try {
      const issued = await authority.obtain(names, challenge);
      // Served from this moment (nginx finds the file by name), before the database says `valid`: whoever
      // reads `valid` (the member's page, its https:// address) finds it served.
      await files.write(record.name, issued);
      const at = this.now();
      await certificates.recordIssuance(registered, record.name, at);
      await certificates.update(record.name, { ...validUntil(issued.notAfter), issuedAt: at.toISOString() }, at);
      log.info(
        { name: record.name, expires: issued.notAfter.toISOString(), renewal },
        renewal ? 'tls: certificate renewed' : 'tls: certificate obtained',
      );
    } catch (error) {
      const failure =
        error instanceof CertificateAuthorityError
          ? error
          : new CertificateAuthorityError('acme_error', error instanceof Error ? error.message : String(error));
      const attempts = record.attempts + 1;
      const backoff = Math.min(DAY_MS, settings.retryBaseSeconds * 1000 * 2 ** Math.min(attempts - 1, 20));
      const retryAt = failure.retryAfter ?? new Date(now.getTime() + backoff);
      await certificates.update(
        record.name,
        {
          // A renewal that failed keeps the valid certificate (and its file) serving.
          state: renewal ? 'valid' : failure.problem === 'rate_limited' ? 'waiting' : 'failed',
          problem: failure.problem,
          detail: failure.message.slice(0, 1000),
          attempts,
          nextAttemptAt: retryAt.toISOString(),
        },
        now,
      );
      log.warn(
        { name: record.name, problem: failure.problem, detail: failure.message, retryAt: retryAt.toISOString() },
        renewal
          ? 'tls: renewing a certificate failed; the current one keeps serving'
          : 'tls: obtaining a certificate failed; the name stays on plain HTTP',
      );
    }
  }

  /** Tells the edge the aliases of members' domains, and links the names a shared certificate serves. */
  private async publish(): Promise<void> {
    const { files, domains, edge } = this.deps;
    const aliases = (await domains.listAll())
      .filter((domain) => domain.dnsState === 'ok')
      .map((domain) => ({ domain: domain.domain, username: domain.username }));
    await edge.setNames({ aliases });
    for (const [name, shared] of await this.links()) await files.link(name, shared);
  }

  /**
   * Names served by a shared certificate, and which: with the wildcard (once valid) the base domain and
   * every site; with the operator's manual certificate, every name Hostbay serves that it covers.
   */
  private async links(): Promise<Map<string, string>> {
    const { settings, certificates, domains } = this.deps;
    const links = new Map<string, string>();
    // One certificate per name (the default) shares nothing: spare the query.
    if (settings.mode === 'off' || (settings.mode === 'acme' && settings.names === 'per_name')) return links;
    const base = settings.baseDomain;
    const sites = (await this.deps.siteUsernames()).map((username) => `${username}.${base}`);
    if (settings.mode === 'acme' && settings.names === 'wildcard') {
      const wildcard = (await certificates.list()).find((record) => record.name === `*.${base}`);
      if (wildcard?.state === 'valid') for (const name of [base, ...sites]) links.set(name, wildcard.name);
    }
    if (settings.mode === 'manual' && this.manualNames) {
      const covered = this.manualNames.names;
      const domainNames = (await domains.listAll()).map((domain) => domain.domain);
      for (const name of [base, ...sites, ...domainNames]) if (covers(covered, name)) links.set(name, 'manual');
    }
    return links;
  }
}
