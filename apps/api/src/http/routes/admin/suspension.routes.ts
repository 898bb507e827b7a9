import { standardResponse } from '@hostbay/contract/envelope';
import { AccountSuspension, SuspendUserRequest } from '@hostbay/contract/suspension';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../authenticate.js';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';
import { presentSuspension } from '../../../modules/users/suspension.presenter.js';
import type { SuspensionService } from '../../../modules/users/suspension.service.js';

export interface SuspensionRoutesOptions {
  suspension: SuspensionService;
}

const UserParams = z.object({ id: z.uuid() });

// 401 and 403 come with every admin route (error-responses.ts).
const suspendErrors = errorResponses([404, 409], {
  404: 'There is no account with this id (`not_found`).',
  409: 'The account is already suspended, is your own, is an administrator, or waits for approval (`conflict`).',
});
const unsuspendErrors = errorResponses([404, 409], {
  404: 'There is no account with this id (`not_found`).',
  409: 'The account is not suspended (`conflict`).',
});

/** Suspending and unsuspending members: /api/v1/admin/users/{id}/suspend and /unsuspend. */
export const adminSuspensionRoutes: FastifyPluginAsyncZod<SuspensionRoutesOptions> = async (app, { suspension }) => {
  app.post(
    '/:id/suspend',
    {
      config: { access: 'admin', audit: 'admin.user_suspend' },
      schema: {
        tags: ['admin'],
        summary: 'Suspend a member: their tokens stop working, their hosting stops and its site shows a suspended page',
        description:
          'The account answers 401 `account_suspended` (with the reason) from now on. Its hosting is held: a running ' +
          'machine is stopped by the ordinary stop job, the site answers the edge’s suspended page (503) and its SSH ' +
          'port refuses. Unsuspending brings it back as it was. Administrators and accounts waiting for approval ' +
          'cannot be suspended.',
        params: UserParams,
        body: SuspendUserRequest,
        response: { 200: standardResponse(AccountSuspension), ...suspendErrors },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'user', id: request.params.id };
      request.auditDetail = { reason: request.body.reason };
      const outcome = await suspension.suspend(request.params.id, request.body.reason, requireUser(request));
      request.auditTarget = { kind: 'user', id: outcome.user.id, name: outcome.user.username };
      return ok(presentSuspension(outcome), `${outcome.user.username} is suspended.`);
    },
  );

  app.post(
    '/:id/unsuspend',
    {
      config: { access: 'admin', audit: 'admin.user_unsuspend' },
      schema: {
        tags: ['admin'],
        summary: 'Unsuspend a member: their hosting comes back as it was (started again if it was running)',
        params: UserParams,
        response: { 200: standardResponse(AccountSuspension), ...unsuspendErrors },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'user', id: request.params.id };
      const outcome = await suspension.unsuspend(request.params.id);
      request.auditTarget = { kind: 'user', id: outcome.user.id, name: outcome.user.username };
      return ok(presentSuspension(outcome), `${outcome.user.username} is no longer suspended.`);
    },
  );
};
