import { standardResponse } from '@hostbay/contract/envelope';
import { AccountPlan } from '@hostbay/contract/plan';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PlanService } from '../../modules/plans/plan.service.js';
import { requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';

export interface AccountPlanRoutesOptions {
  plans: PlanService;
}

/** The member's own plan and what their hosting uses of it. Mounted at /api/v1/account. */
export const accountPlanRoutes: FastifyPluginAsyncZod<AccountPlanRoutesOptions> = async (app, { plans }) => {
  app.get(
    '/plan',
    {
      config: { access: 'user' },
      schema: {
        tags: ['account'],
        summary: 'Your plan (vCPUs, memory, disk) and what your hosting has now',
        description:
          '`usage` is what your hosting has now, zero without one. After an admin changes your plan, your hosting takes it at its next start (stop, then start); a disk never shrinks.',
        response: { 200: standardResponse(AccountPlan) },
      },
    },
    async (request) => ok(await plans.accountPlan(requireUser(request))),
  );
};
