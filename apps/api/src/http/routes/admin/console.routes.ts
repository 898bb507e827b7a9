import { AdminUser, AdminUserPage, AdminUserQuery, Overview, RoleChange } from '@hostbay/contract/admin';
import { standardResponse } from '@hostbay/contract/envelope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';
import type { AdminOverview } from '../../../modules/admin/overview.js';
import type { UserDirectory } from '../../../modules/admin/user-directory.js';

export interface ConsoleRoutesOptions {
  overview: AdminOverview;
  directory: UserDirectory;
}

const UserParams = z.object({ id: z.uuid() });

/** The operator console's overview and member directory, under /api/v1/admin: admins only. */
export const consoleRoutes: FastifyPluginAsyncZod<ConsoleRoutesOptions> = async (app, { overview, directory }) => {
  app.get(
    '/overview',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Hostings by state, what they are given against what the host has, members by status',
        response: { 200: standardResponse(Overview) },
      },
    },
    async () => ok(await overview.get()),
  );

  app.get(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Members, newest first: search by email or username, filter by status, role and plan',
        querystring: AdminUserQuery,
        response: { 200: standardResponse(AdminUserPage) },
      },
    },
    async (request) => ok(await directory.list(request.query)),
  );

  app.put(
    '/users/:id/role',
    {
      config: { access: 'admin', audit: 'admin.user_role' },
      schema: {
        tags: ['admin'],
        summary: 'Make a member an administrator, or an administrator a member',
        params: UserParams,
        body: RoleChange,
        response: {
          200: standardResponse(AdminUser.pick({ id: true, username: true, is_admin: true })),
          ...errorResponses([404, 409], {
            404: 'There is no such member (`not_found`).',
            409: 'The last administrator cannot become a member (`conflict`).',
          }),
        },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'user', id: request.params.id };
      const changed = await directory.setRole(request.params.id, request.body.role);
      request.auditTarget = { kind: 'user', id: changed.id, name: changed.username };
      request.auditDetail = { role: request.body.role };
      return ok(
        { id: changed.id, username: changed.username, is_admin: changed.isAdmin },
        changed.isAdmin ? 'They are an administrator now.' : 'They are a member now.',
      );
    },
  );
};
