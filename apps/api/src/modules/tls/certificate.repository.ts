import type { Kysely, Selectable } from 'kysely';
import type { CertificateProblem } from '@hostbay/contract/tls';
import type { CertificatesTable, Database } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import type { CertificatePurpose, CertificateRecord, CertificateState } from './tls.types.js';

function toRecord(row: Selectable<CertificatesTable>): CertificateRecord {
  return {
    name: row.name,
    purpose: row.purpose as CertificatePurpose,
    state: row.state as CertificateState,
    problem: row.problem as CertificateProblem | null,
    detail: row.detail,
    notAfter: row.not_after === null ? null : toIso(row.not_after),
    issuedAt: row.issued_at === null ? null : toIso(row.issued_at),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at === null ? null : toIso(row.next_attempt_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** What an attempt changes: the state and its why, and when to look again. */
export interface CertificateChange {
  state: CertificateState;
  problem: CertificateProblem | null;
  detail: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  notAfter?: string | null;
  issuedAt?: string | null;
}

/** The names Hostbay keeps certificates for, and each issuance (for the ACME server's rate limit). */
export class CertificateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<CertificateRecord[]> {
    const rows = await this.db.selectFrom('certificates').selectAll().orderBy('name').execute();
    return rows.map(toRecord);
  }

  async find(name: string): Promise<CertificateRecord | undefined> {
    const row = await this.db.selectFrom('certificates').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toRecord(row);
  }

  async findMany(names: readonly string[]): Promise<CertificateRecord[]> {
    if (names.length === 0) return [];
    const rows = await this.db.selectFrom('certificates').selectAll().where('name', 'in', names).execute();
    return rows.map(toRecord);
  }

  /** Adds names to obtain; a name already kept stays as it is. */
  async addPending(names: readonly { name: string; purpose: CertificatePurpose }[], now: Date): Promise<void> {
    if (names.length === 0) return;
    const at = now.toISOString();
    await this.db
      .insertInto('certificates')
      .values(
        names.map(({ name, purpose }) => ({
          name,
          purpose,
          state: 'pending',
          attempts: 0,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  async update(name: string, change: CertificateChange, now: Date): Promise<void> {
    await this.db
      .updateTable('certificates')
      .set({
        state: change.state,
        problem: change.problem,
        detail: change.detail,
        attempts: change.attempts,
        next_attempt_at: change.nextAttemptAt,
        ...(change.notAfter !== undefined ? { not_after: change.notAfter } : {}),
        ...(change.issuedAt !== undefined ? { issued_at: change.issuedAt } : {}),
        updated_at: now.toISOString(),
      })
      .where('name', '=', name)
      .execute();
  }

  async remove(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.db.deleteFrom('certificates').where('name', 'in', names).execute();
  }

  async recordIssuance(registeredDomain: string, name: string, at: Date): Promise<void> {
    await this.db
      .insertInto('certificate_issuances')
      .values({ registered_domain: registeredDomain, name, issued_at: at.toISOString() })
      .execute();
  }

  /** Issuances for a registered domain since `since`, oldest first (the first to leave the window). */
  async issuancesSince(registeredDomain: string, since: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('certificate_issuances')
      .select('issued_at')
      .where('registered_domain', '=', registeredDomain)
      .where('issued_at', '>=', since.toISOString())
      .orderBy('issued_at')
      .execute();
    return rows.map((row) => toIso(row.issued_at));
  }

  /** Forgets issuances older than the rate limit's window. */
  async pruneIssuances(before: Date): Promise<void> {
    await this.db.deleteFrom('certificate_issuances').where('issued_at', '<', before.toISOString()).execute();
  }
}
