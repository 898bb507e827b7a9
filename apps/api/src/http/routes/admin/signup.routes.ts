import { standardResponse } from '@hostbay/contract/envelope';
import {
  CreatedInvitation,
  CreateInvitationRequest,
  Invitation,
  InvitationListQuery,
  InvitationPage,
} from '@hostbay/contract/signup';
import { User } from '@hostbay/contract/user';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../authenticate.js';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';
import type { InvitationService } from '../../../modules/invitations/invitation.service.js';
import type { SignupService } from '../../../modules/signup/signup.service.js';
import { presentUser } from '../../../modules/users/user.presenter.js';

export interface AdminSignupRoutesOptions {
  signup: SignupService;
  invitations: InvitationService;
}

const IdParams = z.object({ id: z.uuid() });

/** Who may join, as admins run it: invitations, and approving accounts that wait (HOSTBAY_SIGNUP=approval). */
export const adminSignupRoutes: FastifyPluginAsyncZod<AdminSignupRoutesOptions> = async (
  app,
  { signup, invitations },
) => {
  app.post(
    '/invitations',
    {
      config: { access: 'admin', audit: 'admin.invitation_create' },
      schema: {
        tags: ['admin'],
        summary: 'Make an invitation link (its token is shown once, in this answer)',
        body: CreateInvitationRequest,
        response: { 201: standardResponse(CreatedInvitation) },
      },
    },
    async (request, reply) => {
      const { email, expires_in_days: expiresInDays } = request.body;
      const created = await invitations.create({ email, expiresInDays }, requireUser(request).id);
      request.auditTarget = { kind: 'invitation', id: created.id, name: created.email };
      request.auditDetail = { expires_at: created.expires_at };
      return reply.status(201).send(ok(created, 'Invitation made. Copy the link now: it is not shown again.'));
    },
  );

  app.get(
    '/invitations',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Invitations, newest first, with their state',
        querystring: InvitationListQuery,
        response: { 200: standardResponse(InvitationPage) },
      },
    },
    async (request) => ok(await invitations.list(request.query)),
  );

  app.post(
    '/invitations/:id/revoke',
    {
      config: { access: 'admin', audit: 'admin.invitation_revoke' },
      schema: {
        tags: ['admin'],
        summary: 'Revoke an invitation nobody has used',
        params: IdParams,
        response: {
          200: standardResponse(Invitation),
          ...errorResponses([404, 409], {
            404: 'There is no such invitation (`not_found`).',
            409: 'The invitation has been used (`conflict`).',
          }),
        },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'invitation', id: request.params.id, name: null };
      const revoked = await invitations.revoke(request.params.id);
      request.auditTarget = { kind: 'invitation', id: revoked.id, name: revoked.email };
      return ok(revoked, 'Invitation revoked.');
    },
  );

  app.post(
    '/users/:id/approve',
    {
      config: { access: 'admin', audit: 'admin.user_approve' },
      schema: {
        tags: ['admin'],
        summary: 'Approve an account that waits (HOSTBAY_SIGNUP=approval)',
        params: IdParams,
        response: {
          200: standardResponse(User),
          ...errorResponses([404, 409], {
            404: 'There is no such account (`not_found`).',
            409: 'The account is not waiting for approval (`conflict`).',
          }),
        },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'user', id: request.params.id, name: null };
      const user = await signup.approve(request.params.id);
      request.auditTarget = { kind: 'user', id: user.id, name: user.username };
      return ok(presentUser(user), 'Account approved.');
    },
  );
};
