import { AdminBackupList, BackupIdParams, BackupRound, RestoredHosting } from '@hostbay/contract/backup';
import { standardResponse } from '@hostbay/contract/envelope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ok } from '../../envelope.js';
import { errorResponses } from '../../error-responses.js';
import type { BackupService } from '../../../modules/backups/backup.service.js';
import type { HostingRecovery } from '../../../modules/backups/hosting-recovery.js';

export interface AdminBackupRoutesOptions {
  backups: BackupService;
  recovery: HostingRecovery;
}

/** Backups for admins: what ran and how far a round is, a round now, a deleted hosting brought back. */
export const adminBackupRoutes: FastifyPluginAsyncZod<AdminBackupRoutesOptions> = async (app, options) => {
  const { backups, recovery } = options;
  app.get(
    '',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Backups, newest first, and the schedule, the round under way and the last one',
        response: { 200: standardResponse(AdminBackupList) },
      },
    },
    async () => ok(await backups.list()),
  );

  app.post(
    '/run',
    {
      config: { access: 'admin', audit: 'admin.backup_run' },
      schema: {
        tags: ['admin'],
        summary: 'Back up every hosting now (answers at once; the round shows in the list)',
        response: {
          202: standardResponse(BackupRound),
          ...errorResponses([409], { 409: 'A round is under way (`conflict`), or backups are off (`backups_off`).' }),
        },
      },
    },
    async (_request, reply) => reply.status(202).send(ok(backups.startRound(), 'A backup round started.')),
  );

  app.post(
    '/:id/restore',
    {
      config: { access: 'admin', audit: 'admin.backup_restore' },
      schema: {
        tags: ['admin'],
        summary: 'Bring a deleted hosting back for its member from its newest backup (answers at once)',
        params: BackupIdParams,
        response: {
          202: standardResponse(RestoredHosting),
          ...errorResponses([404, 409], {
            404: 'There is no such backup (`not_found`).',
            409: 'Its hosting is not deleted, it is not the newest finished backup, or the member has a hosting now (`conflict`).',
          }),
        },
      },
    },
    async (request, reply) => {
      request.auditTarget = { kind: 'hosting', id: null };
      const restored = await recovery.bringBack(request.params.id);
      request.auditTarget = { kind: 'hosting', id: restored.hosting_id, name: restored.username };
      return reply.status(202).send(ok(restored, `${restored.username}'s hosting is coming back from its backup.`));
    },
  );
};
