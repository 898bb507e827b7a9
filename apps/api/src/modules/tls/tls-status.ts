import type { CertificateProblem, SiteHttps, TlsMode, TlsOverview } from '@hostbay/contract/tls';
import type { CertificateRepository } from './certificate.repository.js';
import type { CertificateRecord } from './tls.types.js';

export interface TlsStatusSettings {
  mode: TlsMode;
  names: 'per_name' | 'wildcard';
  baseDomain: string;
  /** The public ports: plain HTTP's (the edge's) and HTTPS's. */
  httpPort: number;
  tlsPort: number;
}

const OFF: SiteHttps = { state: 'off', expires_at: null, next_attempt_at: null, problem: null };

/**
 * HTTPS as people see it: for one name (a member's site, their domain, the
 * dashboard), the address to use, and the operator's summary. Reads what the
 * certificate keeper recorded; decides nothing.
 */
export class TlsStatus {
  constructor(
    private readonly deps: {
      certificates: Pick<CertificateRepository, 'find' | 'list'>;
      /** The names the manual certificate covers (HOSTBAY_TLS=manual). */
      manualCertificate: () => { names: string[]; notAfter: Date } | undefined;
      settings: TlsStatusSettings;
    },
  ) {}

  get mode(): TlsMode {
    return this.deps.settings.mode;
  }

  async ofName(name: string): Promise<SiteHttps> {
    const { settings } = this.deps;
    if (settings.mode === 'off') return OFF;
    if (settings.mode === 'manual') {
      const manual = this.deps.manualCertificate();
      if (!manual || !covers(manual.names, name)) return OFF;
      return { state: 'valid', expires_at: manual.notAfter.toISOString(), next_attempt_at: null, problem: null };
    }
    const underBase =
      name.endsWith(`.${settings.baseDomain}`) && !name.slice(0, -settings.baseDomain.length - 1).includes('.');
    const keptAs =
      settings.names === 'wildcard' && (underBase || name === settings.baseDomain) ? `*.${settings.baseDomain}` : name;
    const record = await this.deps.certificates.find(keptAs);
    return record ? presentCertificate(record) : { ...OFF, state: 'pending' };
  }

  ofSite(username: string): Promise<SiteHttps> {
    return this.ofName(`${username}.${this.deps.settings.baseDomain}`);
  }

  /** `https://name[:port]/` once the name has a valid certificate, else `http://name[:port]/`. */
  urlOf(name: string, https: SiteHttps): string {
    const { httpPort, tlsPort } = this.deps.settings;
    return https.state === 'valid'
      ? `https://${name}${tlsPort === 443 ? '' : `:${tlsPort}`}/`
      : `http://${name}${httpPort === 80 ? '' : `:${httpPort}`}/`;
  }

  async overview(): Promise<TlsOverview> {
    const { settings } = this.deps;
    const certificates = { pending: 0, waiting: 0, valid: 0, failed: 0 };
    const problems: TlsOverview['problems'] = [];
    let nextExpiry: string | null = null;
    if (settings.mode === 'acme') {
      for (const record of await this.deps.certificates.list()) {
        certificates[record.state] += 1;
        if (record.state === 'valid' && record.notAfter && (nextExpiry === null || record.notAfter < nextExpiry)) {
          nextExpiry = record.notAfter;
        }
        if (record.problem) {
          problems.push({
            name: record.name,
            problem: record.problem,
            expires_at: record.state === 'valid' ? record.notAfter : null,
            next_attempt_at: record.nextAttemptAt,
          });
        }
      }
    } else if (settings.mode === 'manual') {
      const manual = this.deps.manualCertificate();
      if (manual) {
        certificates.valid = 1;
        nextExpiry = manual.notAfter.toISOString();
      }
    }
    return {
      mode: settings.mode,
      names: settings.mode === 'acme' ? settings.names : null,
      certificates,
      next_expiry: nextExpiry,
      problems,
    };
  }
}

export function presentCertificate(record: CertificateRecord): SiteHttps {
  return {
    state: record.state,
    expires_at: record.state === 'valid' ? record.notAfter : null,
    next_attempt_at: record.state === 'valid' && !record.problem ? null : record.nextAttemptAt,
    problem: record.problem as CertificateProblem | null,
  };
}

/** Whether a certificate's names cover `name`, exactly or by a wildcard one label deep. */
export function covers(names: readonly string[], name: string): boolean {
  return names.some((entry) =>
    entry.startsWith('*.')
      ? name.endsWith(entry.slice(1)) && !name.slice(0, -entry.length + 1).includes('.')
      : entry === name,
  );
}
