import { AdminHostingAction, AdminHostingPage, AdminHostingQuery } from '@hostbay/contract/admin';
import { standardResponse } from '@hostbay/contract/envelope';
import { Hosting } from '@hostbay/contract/hosting';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';
import type { HostingAdmin } from '../../../modules/admin/hosting-admin.js';

export interface AdminHostingRoutesOptions {
  hostings: HostingAdmin;
}

const HostingParams = z.object({ id: z.uuid() });
const refusals = {
  ...errorResponses([404, 409], {
    404: 'There is no such hosting (`not_found`).',
    409: 'The hosting is busy or in a state that does not allow this; see its `allowed_actions` (`conflict`).',
  }),
};

/** Every member's hosting, for admins: listed by state; started, stopped, rebooted, deleted as the owner would. */
export const adminHostingRoutes: FastifyPluginAsyncZod<AdminHostingRoutesOptions> = async (app, { hostings }) => {
  // '' rather than '/': the list lives at the prefix itself, and `<prefix>/` is not a second name for it.
  app.get(
    '',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'All hostings, newest first, optionally in one state',
        querystring: AdminHostingQuery,
        response: { 200: standardResponse(AdminHostingPage), ...refusals },
      },
    },
    async (request) => ok(await hostings.list(request.query)),
  );

  app.post(
    '/:id/actions',
    {
      config: { access: 'admin', audit: 'admin.hosting_action' },
      schema: {
        tags: ['admin'],
        summary: 'Start, stop or reboot any hosting',
        params: HostingParams,
        body: AdminHostingAction,
        response: { 202: standardResponse(Hosting), ...refusals },
      },
    },
    async (request, reply) => {
      request.auditTarget = { kind: 'hosting', id: request.params.id };
      request.auditDetail = { action: request.body.action };
      const updated = await hostings.act(request.params.id, request.body.action);
      request.auditTarget = { kind: 'hosting', id: updated.id, name: updated.ssh_user };
      return reply.status(202).send(ok(updated, `The hosting is going to ${request.body.action}.`));
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: 'admin', audit: 'admin.hosting_delete' },
      schema: {
        tags: ['admin'],
        summary: 'Delete any hosting and everything it used',
        params: HostingParams,
        response: { 202: standardResponse(Hosting), ...refusals },
      },
    },
    async (request, reply) => {
      request.auditTarget = { kind: 'hosting', id: request.params.id };
      const deleted = await hostings.remove(request.params.id);
      request.auditTarget = { kind: 'hosting', id: deleted.id, name: deleted.ssh_user };
      return reply.status(202).send(ok(deleted, 'The hosting is being deleted.'));
    },
  );
};
