import { standardResponse } from '@hostbay/contract/envelope';
import {
  AdminPlan,
  AssignPlanRequest,
  CreatePlanRequest,
  PlanIdParams,
  UpdatePlanRequest,
  UserIdParams,
  UserPlanAssignment,
} from '@hostbay/contract/plan';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PlanService } from '../../../modules/plans/plan.service.js';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';

export interface AdminPlanRoutesOptions {
  plans: PlanService;
}

const noPlan = errorResponses([404], { 404: 'There is no such plan (`not_found`).' });
const nameTaken = errorResponses([409], { 409: 'Another plan has this name (`plan_name_taken`).' });

/**
 * Plans, for admins: list (the default plan first, with how many members are
 * on each), create, change, delete; and which plan a member is on. Mounted at
 * /api/v1/admin.
 */
export const adminPlanRoutes: FastifyPluginAsyncZod<AdminPlanRoutesOptions> = async (app, { plans }) => {
  const tags = ['admin'];

  app.get(
    '/plans',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Every plan, the default plan first (`is_default`, no id), with how many members are on each',
        response: { 200: standardResponse(z.array(AdminPlan)) },
      },
    },
    async () => ok(await plans.list()),
  );

  app.post(
    '/plans',
    {
      config: { access: 'admin', audit: 'admin.plan_create' },
      schema: {
        tags,
        summary: 'Create a named plan: vCPUs, memory (MiB) and disk (GiB)',
        body: CreatePlanRequest,
        response: { 201: standardResponse(AdminPlan), ...nameTaken },
      },
    },
    async (request, reply) => {
      const plan = await plans.create(request.body);
      request.auditTarget = { kind: 'plan', id: plan.id, name: plan.name };
      return reply.status(201).send(ok(plan, 'The plan is created.'));
    },
  );

  app.patch(
    '/plans/:id',
    {
      config: { access: 'admin', audit: 'admin.plan_update' },
      schema: {
        tags,
        summary: 'Change a plan; members’ hostings take the new limits at their next start',
        params: PlanIdParams,
        body: UpdatePlanRequest,
        response: { 200: standardResponse(AdminPlan), ...noPlan, ...nameTaken },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'plan', id: request.params.id };
      const plan = await plans.update(request.params.id, request.body);
      request.auditTarget.name = plan.name;
      return ok(plan, 'The plan is changed. Hostings take it at their next start.');
    },
  );

  app.delete(
    '/plans/:id',
    {
      config: { access: 'admin', audit: 'admin.plan_delete' },
      schema: {
        tags,
        summary: 'Delete a plan nobody is on (409 `plan_in_use` while members are: move them first)',
        params: PlanIdParams,
        response: {
          200: standardResponse(AdminPlan),
          ...noPlan,
          ...errorResponses([409], {
            409: 'Members are on this plan (`plan_in_use`, `error.details.members`): move them to another first.',
          }),
        },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'plan', id: request.params.id };
      const plan = await plans.remove(request.params.id);
      request.auditTarget.name = plan.name;
      return ok(plan, 'The plan is deleted.');
    },
  );

  app.put(
    '/users/:id/plan',
    {
      config: { access: 'admin', audit: 'admin.user_plan' },
      schema: {
        tags,
        summary: 'Put a member on a plan (`plan_id` null: the default plan); their hosting takes it at its next start',
        params: UserIdParams,
        body: AssignPlanRequest,
        response: {
          200: standardResponse(UserPlanAssignment),
          ...errorResponses([404], { 404: 'There is no such member or plan (`not_found`).' }),
        },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'user', id: request.params.id };
      const { assignment, user } = await plans.assign(request.params.id, request.body.plan_id);
      request.auditTarget.name = user.username;
      request.auditDetail = { plan_id: assignment.plan.id, plan: assignment.plan.name };
      return ok(assignment, `${user.username} is on the plan ${assignment.plan.name} now.`);
    },
  );
};
