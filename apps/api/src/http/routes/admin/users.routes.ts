import { AccountDeletion, PasswordReset } from '@hostbay/contract/account';
import { standardResponse } from '@hostbay/contract/envelope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';
import type { AccountService } from '../../../modules/users/account.service.js';

export interface AdminUserRoutesOptions {
  accounts: AccountService;
}

const UserParams = z.object({ id: z.uuid() });

const noSuchUser = { 404: 'There is no such account (`not_found`).' } as const;

/** An admin's actions on members' accounts, under /api/v1/admin/users. */
export const adminUserRoutes: FastifyPluginAsyncZod<AdminUserRoutesOptions> = async (app, { accounts }) => {
  app.delete(
    '/:id',
    {
      config: { access: 'admin', audit: 'admin.user_delete' },
      schema: {
        tags: ['admin'],
        summary: "Delete a member's account and their hosting",
        description:
          'Their sessions end at once. With a hosting, 202 `deleting`: the hosting is deleted by its delete job, ' +
          'then the account. Without one, 200 `deleted`.',
        params: UserParams,
        response: {
          200: standardResponse(AccountDeletion).describe('The account is deleted.'),
          202: standardResponse(AccountDeletion).describe('The hosting is being deleted; the account goes after it.'),
          ...errorResponses([404, 409], {
            ...noSuchUser,
            409: 'This is the only administrator; make another one first (`conflict`).',
          }),
        },
      },
    },
    async (request, reply) => {
      request.auditTarget = { kind: 'user', id: request.params.id };
      const deletion = await accounts.deleteAccount(request.params.id);
      const done = deletion.state === 'deleted';
      return reply
        .status(done ? 200 : 202)
        .send(ok(deletion, done ? 'The account is deleted.' : 'The hosting and then the account are being deleted.'));
    },
  );

  app.post(
    '/:id/password-reset',
    {
      config: { access: 'admin', audit: 'admin.user_password_reset' },
      schema: {
        tags: ['admin'],
        summary: "Reset a member's password to a generated one, shown once",
        description:
          "The member's sessions end. Give them the password; they log in with it and should change it in Settings.",
        params: UserParams,
        response: { 200: standardResponse(PasswordReset), ...errorResponses([404], noSuchUser) },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'user', id: request.params.id };
      const { user, password } = await accounts.resetPassword(request.params.id);
      request.auditTarget = { kind: 'user', id: user.id, name: user.username };
      return ok({ user_id: user.id, password }, 'Password reset. It is shown only now: give it to the member.');
    },
  );
};
