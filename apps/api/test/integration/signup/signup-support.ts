import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Hostbay } from '../../../src/composition/compose-hostbay.js';
import { BcryptPasswordHasher } from '../../../src/modules/auth/password-hasher.js';
import { InvitationRepository } from '../../../src/modules/invitations/invitation.repository.js';
import { hashInvitationToken } from '../../../src/modules/invitations/invitation.service.js';
import { accountInput, login } from '../../support/factories.js';

/**
 * An admin made as the command line makes one, straight into the database:
 * in `closed` or `invite` mode nobody could sign up to become one.
 */
export async function adminSession(hostbay: Hostbay): Promise<{ userId: string; headers: { authorization: string } }> {
  const account = accountInput();
  const user = await hostbay.users.insert({
    email: account.email,
    username: account.username,
    passwordHash: await new BcryptPasswordHasher(4).hash(account.password),
    isAdmin: true,
  });
  const session = await login(hostbay.app, account.email, account.password);
  return { userId: user.id, headers: { authorization: `Bearer ${session.json().data.access_token as string}` } };
}

/** An invitation stored with a token the test knows, in any state the test needs. */
export async function storedInvitation(
  hostbay: Hostbay,
  options: { email?: string; expiresAt?: Date; used?: boolean; revoked?: boolean } = {},
): Promise<string> {
  const repository = new InvitationRepository(hostbay.database.db);
  const token = `test-${randomUUID()}`;
  const invitation = await repository.insert({
    tokenHash: hashInvitationToken(token),
    email: options.email ?? null,
    createdBy: null,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 86_400_000),
  });
  if (options.used) await repository.claim(invitation.tokenHash, randomUUID());
  if (options.revoked) await repository.revoke(invitation.id);
  return token;
}

export function signupInfo(app: FastifyInstance, invite?: string) {
  const query = invite === undefined ? '' : `?invite=${encodeURIComponent(invite)}`;
  return app.inject({ method: 'GET', url: `/api/v1/auth/signup${query}` });
}
