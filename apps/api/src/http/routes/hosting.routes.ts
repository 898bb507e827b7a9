import { standardResponse } from '@hostbay/contract/envelope';
import { CreatedHosting, CreateHostingRequest, Hosting, HostingActionRequest } from '@hostbay/contract/hosting';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import { streamHostingEvents } from './hosting-event-stream.js';
import type { HostingEventStreams } from '../../modules/hosting/hosting-event-streams.js';
import type { HostingService } from '../../modules/hosting/hosting.service.js';
import { validateSshPublicKey } from '../../modules/hosting/ssh-key.js';

export interface HostingRoutesOptions {
  hosting: HostingService;
  streams: HostingEventStreams;
}

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, 'expected 1 to 128 printable characters')
    .optional(),
});

// The statuses the service gives; the ones every body or token implies are added for each route (error-responses.ts).
const createErrors = errorResponses([403, 409, 503], {
  403: 'Your account waits for an administrator’s approval (`account_pending`).',
  409: 'You already have a hosting (`conflict`).',
});
const noHosting = errorResponses([404], { 404: 'You have no hosting (`not_found`).' });
const busy = errorResponses([409], {
  409: 'The hosting is busy or in a state that does not allow this; see `allowed_actions` (`conflict`).',
});

export const hostingRoutes: FastifyPluginAsyncZod<HostingRoutesOptions> = async (app, { hosting, streams }) => {
  app.post(
    '/',
    {
      config: { access: 'user', audit: 'hosting.create' },
      schema: {
        tags: ['hosting'],
        summary: 'Create your hosting (answers at once; the machine is built in the background)',
        headers: IdempotencyHeaders,
        // Nullish: Fastify validates a request without a body as null.
        body: CreateHostingRequest.nullish(),
        response: { 202: standardResponse(CreatedHosting), ...createErrors },
      },
    },
    async (request, reply) => {
      const key = request.body?.ssh_public_key;
      const created = await hosting.createHosting(requireUser(request), {
        sshPublicKey: key === undefined ? undefined : validateSshPublicKey(key),
        idempotencyKey: request.headers['idempotency-key'],
      });
      request.auditTarget = { kind: 'hosting', id: created.id, name: created.ssh_user };
      return reply.status(202).send(ok(created, 'Your hosting is being created.'));
    },
  );

  app.get(
    '/my',
    {
      config: { access: 'user' },
      schema: {
        tags: ['hosting'],
        summary: 'Your hosting and its live status',
        response: { 200: standardResponse(Hosting), ...noHosting },
      },
    },
    async (request) => ok(await hosting.getHosting(requireUser(request))),
  );

  app.delete(
    '/my',
    {
      config: { access: 'user', audit: 'hosting.delete' },
      schema: {
        tags: ['hosting'],
        summary: 'Delete your hosting and everything it used',
        response: { 202: standardResponse(Hosting), ...noHosting, ...busy },
      },
    },
    async (request, reply) => {
      const deleted = await hosting.deleteHosting(requireUser(request));
      request.auditTarget = { kind: 'hosting', id: deleted.id, name: deleted.ssh_user };
      return reply.status(202).send(ok(deleted, 'Your hosting is being deleted.'));
    },
  );

  app.post(
    '/my/actions',
    {
      config: { access: 'user', audit: 'hosting.action' },
      schema: {
        tags: ['hosting'],
        summary: 'Start, stop or reboot your hosting',
        body: HostingActionRequest,
        response: { 202: standardResponse(Hosting), ...noHosting, ...busy },
      },
    },
    async (request, reply) => {
      request.auditAction = `hosting.${request.body.action}`;
      const updated = await hosting.performAction(requireUser(request), request.body.action);
      request.auditTarget = { kind: 'hosting', id: updated.id, name: updated.ssh_user };
      return reply.status(202).send(ok(updated, `The hosting is going to ${request.body.action}.`));
    },
  );

  app.get(
    '/my/events',
    {
      config: { access: 'user' },
      // EventSource cannot set headers, so this one route also takes the token in the query;
      // the token check that `access` adds (route-access.ts) runs after this.
      onRequest: async (request) => {
        const query = request.query as { access_token?: unknown };
        if (!request.headers.authorization && typeof query.access_token === 'string') {
          request.headers.authorization = `Bearer ${query.access_token}`;
        }
      },
      schema: {
        tags: ['hosting'],
        summary:
          'Server-sent events: `hosting` with {hosting} on every state or step change; `end` with {reason} when the token expires or the account goes',
        description:
          'At most HOSTBAY_EVENT_STREAMS_PER_USER streams per user are open at once; the next is refused with 429 and Retry-After.',
        querystring: z.object({ access_token: z.string().optional() }),
        produces: ['text/event-stream'],
        response: {
          200: z
            .string()
            .describe(
              '`text/event-stream`: `event: hosting` with `data: {hosting}` (HostingEvent); `event: end` with `data: {reason}` before it closes.',
            ),
          ...errorResponses([429], { 429: 'Too many event streams open for this account (`rate_limited`).' }),
        },
      },
    },
    async (request, reply) => {
      const { user, expiresAt } = requireSession(request);
      // Before the stream's headers go out, so that a refusal is an ordinary 429 answer.
      await streamHostingEvents(request, reply, streams.open(user, expiresAt));
    },
  );
};
