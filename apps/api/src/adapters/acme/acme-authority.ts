import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import * as acme from 'acme-client';
import { writeFileAtomic } from '../files/atomic-file.js';
import {
  CertificateAuthorityError,
  type CertificateAuthority,
  type ChallengeKind,
  type DnsTxtRecords,
  type HttpChallengeFiles,
  type IssuedCertificate,
} from '../../modules/tls/tls.ports.js';

export interface AcmeAuthoritySettings {
  directoryUrl: string;
  email: string | undefined;
  /** A CA the directory's own HTTPS chains to, trusted beside the system's roots. */
  caFile: string | undefined;
  accountKeyFile: string;
}

/** How long one order may take, challenges and all, before it counts as a failure. */
const ORDER_TIMEOUT_MS = 5 * 60_000;

/**
 * An RFC 8555 ACME server through `acme-client` (Let's Encrypt by default).
 * The account key is made once and kept (mode 0600); each certificate gets a
 * new P-256 key. HTTP-01 answers come from files the edge serves; DNS-01 from
 * TXT records the DNS updater sets. Failures are sorted into what a member
 * can be told (rate limit, challenge, server unreachable) and the server's
 * own words for the operator.
 */
export class AcmeAuthority implements CertificateAuthority {
  private client: acme.Client | undefined;

  constructor(
    private readonly settings: AcmeAuthoritySettings,
    private readonly challenges: { http: HttpChallengeFiles; dns: DnsTxtRecords | undefined },
  ) {}

  async obtain(names: readonly string[], challenge: ChallengeKind): Promise<IssuedCertificate> {
    const [first, ...rest] = names;
    if (first === undefined) throw new Error('a certificate needs at least one name');
    if (challenge === 'dns-01' && !this.challenges.dns) {
      throw new CertificateAuthorityError('acme_error', 'DNS-01 needs HOSTBAY_DNS_UPDATE_SERVER');
    }
    // Once a challenge is placed, a failure is the challenge's (acme-client removes it in a `finally`, before
    // the error reaches here; finalizing after valid challenges rarely fails, and then says why in words).
    let phase: 'order' | 'challenge' = 'order';
    try {
      const client = await this.connect();
      const certificateKey = await acme.crypto.createPrivateEcdsaKey('P-256');
      const [, csr] = await acme.crypto.createCsr({ commonName: first, altNames: [first, ...rest] }, certificateKey);
      const order = client.auto({
        csr,
        email: this.settings.email,
        termsOfServiceAgreed: true,
        // acme-client would fetch the challenge itself first, through this host's resolver; the ACME server's view is what counts.
        skipChallengeVerification: true,
        challengePriority: [challenge],
        challengeCreateFn: async (authz, item, keyAuthorization) => {
          phase = 'challenge';
          if (item.type === 'dns-01') await this.challenges.dns?.add(txtName(authz.identifier.value), keyAuthorization);
          else await this.challenges.http.putChallenge(item.token, keyAuthorization);
        },
        challengeRemoveFn: async (authz, item, keyAuthorization) => {
          if (item.type === 'dns-01')
            await this.challenges.dns?.remove(txtName(authz.identifier.value), keyAuthorization);
          else await this.challenges.http.removeChallenge(item.token);
        },
      });
      const chainPem = await withTimeout(order, ORDER_TIMEOUT_MS);
      const info = acme.crypto.readCertificateInfo(chainPem);
      return { chainPem, keyPem: certificateKey.toString(), notAfter: info.notAfter };
    } catch (error) {
      throw classify(error, phase);
    }
  }

  private async connect(): Promise<acme.Client> {
    if (this.client) return this.client;
    if (this.settings.caFile) {
      // acme-client talks through its own axios instance; a private ACME server's CA is trusted beside the system's.
      const ca = await readFile(this.settings.caFile, 'utf8');
      acme.axios.defaults.httpsAgent = new https.Agent({ ca: [...rootCertificates, ca] });
    }
    // Retries are the keeper's (with back-off and a queue), not a request's: a 429 with a Retry-After of
    // hours must not hold the keeper inside one request.
    const defaults = acme.axios.defaults as { acmeSettings?: { retryMaxAttempts: number } };
    if (defaults.acmeSettings) defaults.acmeSettings.retryMaxAttempts = 0;
    this.client = new acme.Client({
      directoryUrl: this.settings.directoryUrl,
      accountKey: await this.accountKey(),
      // Poll an order from half a second (acme-client's default starts at 5 s): most validate within a few.
      backoffMin: 500,
      backoffMax: 10_000,
      backoffAttempts: 12,
    });
    return this.client;
  }

  private async accountKey(): Promise<Buffer> {
    try {
      return await readFile(this.settings.accountKeyFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const key = await acme.crypto.createPrivateEcdsaKey('P-256');
      await writeFileAtomic(this.settings.accountKeyFile, key, 0o600);
      return key;
    }
  }
}

function txtName(identifier: string): string {
  return `_acme-challenge.${identifier.replace(/^\*\./, '')}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the ACME order took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
]);

/** Sorts a failure by what went wrong; the message stays the server's (or the network's) own. */
function classify(error: unknown, phase: 'order' | 'challenge'): CertificateAuthorityError {
  if (error instanceof CertificateAuthorityError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
    return new CertificateAuthorityError('acme_unreachable', `the ACME server did not answer (${code})`, undefined, {
      cause: error,
    });
  }
  if (/rate.?limit|too many/i.test(message)) {
    return new CertificateAuthorityError('rate_limited', message, undefined, { cause: error });
  }
  if (phase === 'challenge')
    return new CertificateAuthorityError('challenge_failed', message, undefined, { cause: error });
  return new CertificateAuthorityError('acme_error', message, undefined, { cause: error });
}
