import { createHash, randomBytes } from 'node:crypto';
import type { CreatedInvitation, Invitation, InvitationPage } from '@hostbay/contract/signup';
import { DEFAULT_PAGE_SIZE } from '@hostbay/contract/pagination';
import { ConflictError, NotFoundError } from '../../errors.js';
import { decodeCursor, nextCursor } from '../admin/cursor.js';
import { invitationState, presentInvitation } from './invitation.presenter.js';
import type { InvitationRecord, InvitationRepository } from './invitation.repository.js';

export interface NewInvitationInput {
  /** Only this address may sign up with it. */
  email?: string | undefined;
  expiresInDays: number;
}

/** The stored form of a token: its sha256, so that a copy of the database opens no door. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Single-use invitation links that admins make. The token is random (32
 * bytes), shown once in the answer that makes it; only its hash is kept.
 */
export class InvitationService {
  constructor(
    private readonly invitations: InvitationRepository,
    /** Where members reach the dashboard: the link is `<dashboard>/register?invite=<token>`. */
    private readonly dashboardUrl: string,
  ) {}

  async create(input: NewInvitationInput, createdBy: string | null, now = new Date()): Promise<CreatedInvitation> {
    const token = randomBytes(32).toString('base64url');
    const invitation = await this.invitations.insert(
      {
        tokenHash: hashInvitationToken(token),
        email: input.email ?? null,
        createdBy,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      },
      now,
    );
    const link = new URL('/register', this.dashboardUrl);
    link.searchParams.set('invite', token);
    return { ...presentInvitation(invitation, now), token, link: link.toString() };
  }

  async list(
    query: { limit?: number | undefined; after?: string | undefined },
    now = new Date(),
  ): Promise<InvitationPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.invitations.list(limit, decodeCursor(query.after));
    return {
      items: rows.map((invitation) => presentInvitation(invitation, now)),
      next: nextCursor(rows, limit, (row) => ({ at: row.createdAt, id: row.id })),
    };
  }

  /** Revoking twice is no error; a used invitation cannot be revoked (the account exists). */
  async revoke(id: string, now = new Date()): Promise<Invitation> {
    const invitation = await this.invitations.findById(id);
    if (!invitation) throw new NotFoundError('There is no such invitation.');
    if (!(await this.invitations.revoke(id, now))) {
      const current = (await this.invitations.findById(id)) ?? invitation;
      if (current.usedAt !== null) throw new ConflictError('This invitation has been used; it cannot be revoked.');
      return presentInvitation(current, now);
    }
    return presentInvitation({ ...invitation, revokedAt: now.toISOString() }, now);
  }

  /** The invitation a token opens, if it can still be used. */
  async usable(token: string, now = new Date()): Promise<InvitationRecord | undefined> {
    const invitation = await this.invitations.findByTokenHash(hashInvitationToken(token));
    return invitation && invitationState(invitation, now) === 'pending' ? invitation : undefined;
  }
}
