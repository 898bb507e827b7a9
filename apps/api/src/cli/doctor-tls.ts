import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { CertificateRepository } from '../modules/tls/certificate.repository.js';
import type { CheckResult } from './doctor-checks.js';

/** A failing renewal this close to expiry fails `doctor`; earlier, it warns. */
const URGENT_MS = 7 * 86_400_000;

/** HTTPS: what HOSTBAY_TLS says, and the certificates' state as the keeper recorded it. */
export async function checkTls(config: Config, now = new Date()): Promise<CheckResult> {
  const name = 'HTTPS';
  const { tls } = config;
  if (tls.mode === 'off') {
    return {
      name,
      ok: true,
      optional: true,
      detail: 'off: the edge speaks plain HTTP (HOSTBAY_TLS=acme obtains certificates; see docs/operators.md, "HTTPS")',
    };
  }
  if (tls.mode === 'manual') return { name, ok: true, detail: `manual certificate ${tls.manual?.certFile ?? ''}` };
  const handle = openDatabase(config.database.url);
  try {
    const records = await new CertificateRepository(handle.db).list().catch(() => []);
    const how =
      tls.names === 'wildcard' ? `wildcard *.${config.server.baseDomain} via DNS-01` : 'one per name via HTTP-01';
    const valid = records.filter((record) => record.state === 'valid');
    const problems = records.filter((record) => record.problem !== null || record.state === 'failed');
    const urgent = problems.filter(
      (record) =>
        record.state === 'valid' && record.notAfter && Date.parse(record.notAfter) - now.getTime() < URGENT_MS,
    );
    const detail = `acme (${tls.acme.directoryUrl}), ${how}: ${valid.length} valid of ${records.length}`;
    if (problems.length === 0) return { name, ok: true, detail };
    const listed = problems
      .slice(0, 5)
      .map((record) => {
        const serving = record.state === 'valid' && record.notAfter ? `, current one expires ${record.notAfter}` : '';
        return `${record.name} (${record.problem ?? record.state}${serving}, next try ${record.nextAttemptAt ?? 'soon'}: ${record.detail ?? ''})`;
      })
      .join('; ');
    return {
      name,
      ok: false,
      // A renewal failing days before expiry is an outage coming; anything else is retried by itself.
      optional: urgent.length === 0,
      detail: `${detail}; ${problems.length} failing: ${listed}`,
      fix: 'the reason is in each entry and in the log (lines starting "tls:"); check DNS and that port 80 reaches this edge',
    };
  } finally {
    await handle.close();
  }
}
