import { standardResponse } from '@hostbay/contract/envelope';
import { Hosting } from '@hostbay/contract/hosting';
import { CreateSnapshotRequest, Snapshot, SnapshotList } from '@hostbay/contract/snapshot';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import type { SnapshotService } from '../../modules/snapshots/snapshot.service.js';

export interface SnapshotRoutesOptions {
  snapshots: SnapshotService;
}

const SnapshotParams = z.object({ id: z.uuid() });
const notFound = errorResponses([404], {
  404: 'You have no hosting, or it has no such snapshot (`not_found`).',
});
const busy = errorResponses([409], {
  409: 'The hosting is busy with another job, or is not running or stopped (`hosting_busy`).',
});

/** A member's snapshots of their hosting's disk: /api/v1/hosting/my/snapshots (registered under /api/v1/hosting/my). */
export const snapshotRoutes: FastifyPluginAsyncZod<SnapshotRoutesOptions> = async (app, { snapshots }) => {
  app.get(
    '/snapshots',
    {
      config: { access: 'user' },
      schema: {
        tags: ['snapshots'],
        summary: 'Your hosting’s snapshots, newest first, and how many your plan keeps',
        response: { 200: standardResponse(SnapshotList), ...notFound },
      },
    },
    async (request) => ok(await snapshots.list(requireUser(request))),
  );

  app.post(
    '/snapshots',
    {
      config: { access: 'user', audit: 'hosting.snapshot_create' },
      schema: {
        tags: ['snapshots'],
        summary:
          'Take a snapshot of your hosting’s disk (answers at once; a running machine’s files are frozen for the copy)',
        body: CreateSnapshotRequest,
        response: {
          202: standardResponse(Snapshot),
          ...notFound,
          ...errorResponses([409, 507], {
            409: 'Your plan’s snapshots are all taken (`snapshot_limit`), or the hosting is busy (`hosting_busy`).',
            507: 'The server’s disk has no room for it now (`disk_full`).',
          }),
        },
      },
    },
    async (request, reply) => {
      const created = await snapshots.create(requireUser(request), request.body.name);
      request.auditTarget = { kind: 'snapshot', id: created.id, name: created.name };
      return reply.status(202).send(ok(created, `Taking snapshot “${created.name}”.`));
    },
  );

  app.post(
    '/snapshots/:id/restore',
    {
      config: { access: 'user', audit: 'hosting.snapshot_restore' },
      schema: {
        tags: ['snapshots'],
        summary:
          'Put your hosting’s disk back as the snapshot has it: the machine is stopped and started (answers at once)',
        params: SnapshotParams,
        response: { 202: standardResponse(Hosting), ...notFound, ...busy },
      },
    },
    async (request, reply) => {
      request.auditTarget = { kind: 'snapshot', id: request.params.id, name: null };
      const hosting = await snapshots.restore(requireUser(request), request.params.id);
      return reply.status(202).send(ok(hosting, 'Restoring the snapshot.'));
    },
  );

  app.delete(
    '/snapshots/:id',
    {
      config: { access: 'user', audit: 'hosting.snapshot_delete' },
      schema: {
        tags: ['snapshots'],
        summary: 'Delete a snapshot and its copy; answers the snapshots left',
        params: SnapshotParams,
        response: { 200: standardResponse(SnapshotList), ...notFound, ...busy },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'snapshot', id: request.params.id, name: null };
      return ok(await snapshots.remove(requireUser(request), request.params.id), 'The snapshot was deleted.');
    },
  );
};
