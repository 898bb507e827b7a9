import { standardResponse } from '@hostbay/contract/envelope';
import { HostingUsage, UsageQuery } from '@hostbay/contract/usage';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import type { UsageService } from '../../modules/insight/usage.service.js';

export interface UsageRoutesOptions {
  usage: UsageService;
}

/** A member's resource graphs: /api/v1/hosting/my/usage (registered under /api/v1/hosting/my). */
export const usageRoutes: FastifyPluginAsyncZod<UsageRoutesOptions> = async (app, { usage }) => {
  app.get(
    '/usage',
    {
      config: { access: 'user' },
      schema: {
        tags: ['hosting'],
        summary:
          'What your machine used: CPU, memory, disk and network over the last hour (10 s points), day (1 min) or 30 days (10 min)',
        querystring: UsageQuery,
        response: {
          200: standardResponse(HostingUsage),
          ...errorResponses([404], { 404: 'You have no hosting (`not_found`).' }),
        },
      },
    },
    async (request) => ok(await usage.forMember(requireUser(request), request.query.range)),
  );
};
