import { createHash, randomBytes } from 'node:crypto';
import type { CreatedInvitation, Invitation, InvitationPage } from '@hostbay/contract/signup';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { invitationState, presentInvitation } from './invitation.presenter.js';
import type { InvitationKey, InvitationRecord, InvitationRepository } from './invitation.repository.js';

export interface NewInvitationInput {
  /** Only this address may sign up with it. */
  email?: string | undefined;
  expiresInDays: number;
}

/** The stored form of a token: its sha256, so that a copy of the database opens no door. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const CursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

function encodeCursor(key: InvitationKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

function foreignCursor(): ValidationError {
  return new ValidationError('The cursor is not one this API gave.', [
    { field: 'cursor', message: 'Pass the next_cursor of the page before, as it was.' },
  ]);
}

function decodeCursor(cursor: string): InvitationKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw Object.assign(foreignCursor(), { cause: error });
  }
  const key = CursorKey.safeParse(parsed);
  if (!key.success) throw foreignCursor();
  return { createdAt: key.data[0], id: key.data[1] };
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

  async list(limit: number, cursor?: string, now = new Date()): Promise<InvitationPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // One more than asked: whether there is a next page, without counting.
    const rows = await this.invitations.list(limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((invitation) => presentInvitation(invitation, now)),
      next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
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
