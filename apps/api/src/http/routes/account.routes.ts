import {
  AccountDeleteRequest,
  AccountDeletion,
  Activity,
  PasswordChangeRequest,
  PasswordChangeResult,
} from '@hostbay/contract/account';
import { standardResponse } from '@hostbay/contract/envelope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import type { AuthRateLimiter } from '../../modules/auth/auth-rate-limiter.js';
import type { AccountService } from '../../modules/users/account.service.js';

export interface AccountRoutesOptions {
  accounts: AccountService;
  limiter: AuthRateLimiter;
}

const WRONG_PASSWORD =
  'A field is not valid, or the password that confirms the change is wrong: `error.details` names the field ' +
  '(`validation_error`; a wrong password has the code `password_incorrect`).';
const LIMITED =
  'Too many wrong passwords for this account: the same limits as its logins; try again after `Retry-After` ' +
  '(`rate_limited`).';

const changeErrors = errorResponses([422, 429], { 422: WRONG_PASSWORD, 429: LIMITED });
const deleteErrors = errorResponses([409, 422, 429], {
  409: 'This is the only administrator; make another one first (`conflict`).',
  422: WRONG_PASSWORD,
  429: LIMITED,
});

/** The signed-in member's own account: its password, its deletion and its recent activity. */
export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, { accounts, limiter }) => {
  app.post(
    '/password',
    {
      config: { access: 'user', audit: 'auth.password_change' },
      schema: {
        tags: ['auth'],
        summary: 'Change your password (ends every other session)',
        description:
          'Needs the current password. Every token issued before stops working; the answer carries a new ' +
          'token for this session.',
        body: PasswordChangeRequest,
        response: { 200: standardResponse(PasswordChangeResult), ...changeErrors },
      },
    },
    async (request) => {
      const user = requireUser(request);
      request.auditTarget = { kind: 'user', id: user.id, name: user.username };
      const { current_password: current, new_password: next } = request.body;
      const { token, expiresIn } = await limiter.guardPasswordCheck(request.ip, user.email, () =>
        accounts.changePassword(user, current, next),
      );
      return ok(
        { access_token: token, token_type: 'bearer' as const, expires_in: expiresIn },
        'Password changed. Your other sessions have ended.',
      );
    },
  );

  app.delete(
    '/account',
    {
      config: { access: 'user', audit: 'auth.account_delete' },
      schema: {
        tags: ['auth'],
        summary: 'Delete your account and your hosting',
        description:
          'Needs the password. The account stops working at once; with a hosting, the answer is 202 `deleting` ' +
          'and the account goes once the hosting is deleted, else 200 `deleted`.',
        body: AccountDeleteRequest,
        response: {
          200: standardResponse(AccountDeletion).describe('The account is deleted.'),
          202: standardResponse(AccountDeletion).describe('The hosting is being deleted; the account goes after it.'),
          ...deleteErrors,
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      request.auditTarget = { kind: 'user', id: user.id, name: user.username };
      const deletion = await limiter.guardPasswordCheck(request.ip, user.email, () =>
        accounts.deleteOwnAccount(user, request.body.password),
      );
      const done = deletion.state === 'deleted';
      return reply
        .status(done ? 200 : 202)
        .send(
          ok(deletion, done ? 'Your account is deleted.' : 'Your hosting and then your account are being deleted.'),
        );
    },
  );

  app.get(
    '/activity',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Your recent activity: logins (with their address), password changes, hosting actions',
        description: 'Newest first, at most 20: what you did, and what was done to your account (failed logins).',
        response: { 200: standardResponse(Activity) },
      },
    },
    async (request) => ok({ entries: await accounts.activity(requireUser(request)) }),
  );
};
