import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, InvitationsTable } from '../../db/schema.js';
import type { Keyset } from '../admin/cursor.js';
import { toIso } from '../users/user.repository.js';

export interface InvitationRecord {
  id: string;
  /** sha256 of the token, hex. */
  tokenHash: string;
  email: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: string | null;
  revokedAt: string | null;
}

export interface NewInvitation {
  tokenHash: string;
  email: string | null;
  createdBy: string | null;
  expiresAt: Date;
}

function toRecord(row: Selectable<InvitationsTable>): InvitationRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    email: row.email,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    usedAt: row.used_at === null ? null : toIso(row.used_at),
    usedBy: row.used_by,
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
  };
}

/** The invitations table. Tokens never reach it, only their hashes. */
export class InvitationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(invitation: NewInvitation, now = new Date()): Promise<InvitationRecord> {
    const row = await this.db
      .insertInto('invitations')
      .values({
        id: randomUUID(),
        token_hash: invitation.tokenHash,
        email: invitation.email,
        created_by: invitation.createdBy,
        created_at: now.toISOString(),
        expires_at: invitation.expiresAt.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async findById(id: string): Promise<InvitationRecord | undefined> {
    const row = await this.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Marks the invitation used by `userId` if it still can be used, in one
   * conditional update: of two sign-ups racing with one token, the database
   * lets exactly one through (the other's update finds `used_at` set and
   * changes nothing). True when this call took it.
   */
  async claim(tokenHash: string, userId: string, now = new Date()): Promise<boolean> {
    const at = now.toISOString();
    const result = await this.db
      .updateTable('invitations')
      .set({ used_at: at, used_by: userId })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Revokes an invitation nobody has used; true when this call did. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Newest first, by keyset (created_at, id): `after` is the last of the page before. */
  async list(limit: number, after?: Keyset): Promise<InvitationRecord[]> {
    let select = this.db.selectFrom('invitations').selectAll();
    // A row value, as every admin list pages (modules/admin/cursor.ts).
    if (after) select = select.where(sql<boolean>`(created_at, id) < (${after.at}, ${after.id})`);
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }
}
