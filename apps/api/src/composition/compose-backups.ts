import path from 'node:path';
import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { ScratchSpace } from '../adapters/files/scratch-space.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import { NodeStreamingProcessRunner } from '../adapters/process/streaming-process-runner.js';
import { DiskImageFiles } from '../adapters/qemu/disk-image-files.js';
import { ResticVault } from '../adapters/restic/restic-vault.js';
import type { Config } from '../config/config.js';
import { loadOrCreateBackupPassword } from '../config/jwt-secret.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Transactor } from '../db/transaction.js';
import { BackupJobs } from '../modules/backups/backup-jobs.js';
import { repositoryLabel } from '../modules/backups/backup.presenter.js';
import { BackupRepository } from '../modules/backups/backup.repository.js';
import { BackupService } from '../modules/backups/backup.service.js';
import { DiskBackup } from '../modules/backups/disk-backup.js';
import type { BackupProgress } from '../modules/backups/backup.ports.js';
import type { HostingStore, JobStore } from '../modules/hosting/hosting.ports.js';
import type { DiskSnapshots } from '../modules/vm/disk-snapshots.js';
import type { AuditLog } from '../modules/audit/audit-log.js';
import type { VmStorage } from '../modules/vm/vm.ports.js';
import { composeControlPlane } from './compose-control-plane.js';

/** Backups' parts the lifecycle's jobs need before its services exist (docs/operators.md, "Backups"). */
export async function backupParts(
  config: Config,
  database: DatabaseHandle,
  runner: ProcessRunner,
  parts: { disks: DiskSnapshots; storage: VmStorage; log: FastifyBaseLogger },
) {
  const settings = config.backup;
  const enabled = settings.schedule !== undefined;
  // The password is made only for backups that will run: `off` leaves no trace in the data folder.
  const passwordFile = enabled
    ? (settings.passwordFile ?? (await loadOrCreateBackupPassword(config.server.dataDir)))
    : (settings.passwordFile ?? '/dev/null');
  const vault = new ResticVault(runner, new NodeStreamingProcessRunner(), {
    repository: settings.repository,
    passwordFile,
  });
  const records = new BackupRepository(database.db);
  const progress = new Map<string, BackupProgress>();
  const disk = new DiskBackup({
    vault,
    records,
    disks: parts.disks,
    storage: parts.storage,
    images: new DiskImageFiles(runner),
    scratch: new ScratchSpace(settings.scratchDir),
    onProgress: (id, report) => progress.set(id, report),
  });
  const jobs = new BackupJobs({ enabled, disk, records, log: parts.log });
  return { enabled, vault, records, jobs, progress };
}

export type BackupParts = Awaited<ReturnType<typeof backupParts>>;

/** The backup service over the lifecycle's stores and worker, and its schedule (croner). */
export function composeBackups(
  config: Config,
  parts: BackupParts,
  lifecycle: {
    hostings: HostingStore;
    jobs: JobStore;
    transaction: Transactor<{ hostings: HostingStore; jobs: JobStore }>;
    wakeWorker(): void;
    log: FastifyBaseLogger;
    database: DatabaseHandle;
    runner: ProcessRunner;
    audit?: Pick<AuditLog, 'record'>;
  },
) {
  const settings = config.backup;
  const scratch = new ScratchSpace(settings.scratchDir);
  let cron: Cron | undefined;
  const service = new BackupService({
    settings: {
      enabled: parts.enabled,
      schedule: settings.schedule,
      repositoryLabel: repositoryLabel(settings.repository),
      keep: settings.keep,
      concurrency: settings.concurrency,
      graceSeconds: settings.graceSeconds,
    },
    vault: parts.vault,
    records: parts.records,
    hostings: lifecycle.hostings,
    jobs: lifecycle.jobs,
    transaction: lifecycle.transaction,
    wakeWorker: lifecycle.wakeWorker,
    nextRun: () => cron?.nextRun() ?? undefined,
    log: lifecycle.log,
    progress: parts.progress,
    ...(lifecycle.audit ? { audit: lifecycle.audit } : {}),
    controlPlane: {
      write: async () => {
        const file = path.join(await scratch.prepare('control-round'), 'hostbay-control.tar.gz');
        await composeControlPlane(config, lifecycle.runner, lifecycle.database).create(file);
        return file;
      },
      remove: () => scratch.remove('control-round'),
    },
  });
  return {
    service,
    async start() {
      await service.sweepInterrupted();
      if (!settings.schedule) return;
      cron = new Cron(settings.schedule, { protect: true }, () => {
        service
          .runRound('schedule')
          .catch((error: unknown) => lifecycle.log.error({ err: error }, 'backup round failed'));
      });
    },
    stop() {
      cron?.stop();
    },
  };
}
