import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AdminBackupList, BackupRound } from '@hostbay/contract/backup';
import { ErrorCode } from '@hostbay/contract/envelope';
import pLimit from 'p-limit';
import type { Transactor } from '../../db/transaction.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { HostingStore, JobLogger, JobStore } from '../hosting/hosting.ports.js';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { BackupProgress, BackupVault, KeepPolicy } from './backup.ports.js';
import type { BackupRepository } from './backup.repository.js';
import type { BackupRecord, BackupTrigger } from './backup.types.js';
import { presentBackup } from './backup.presenter.js';
import type { AuditLog } from '../audit/audit-log.js';

export interface BackupSettings {
  enabled: boolean;
  schedule: string | undefined;
  /** The repository as the operator may read it (credentials left out). */
  repositoryLabel: string;
  keep: KeepPolicy;
  concurrency: number;
  graceSeconds: number;
}

export interface BackupServiceDeps {
  settings: BackupSettings;
  vault: BackupVault;
  records: Pick<BackupRepository, keyof BackupRepository>;
  hostings: Pick<HostingStore, 'listByStatus' | 'findById'>;
  jobs: Pick<JobStore, 'findOpen'>;
  transaction: Transactor<{ hostings: HostingStore; jobs: JobStore }>;
  wakeWorker(): void;
  /** When the schedule runs next (croner), for the overview. */
  nextRun(): Date | undefined;
  log: JobLogger;
  /** How often a round looks whether a backup job ended, or a busy hosting is free (1 s). */
  pollMs?: number;
  /** The progress of the backups under way, by backup id (DiskBackup reports into it). */
  progress: Map<string, BackupProgress>;
  /** Hostbay's own archive for the round (database and secrets): written, put into the vault, then removed. */
  controlPlane?: { write(): Promise<string>; remove(): Promise<void> };
  /** Where what a round did is recorded (the audit log), as Hostbay's own doing. */
  audit?: Pick<AuditLog, 'record'>;
}

/** How long a round waits for a hosting busy with another job (a restore, a start) before it gives up on it. */
const BUSY_WAIT_MS = 30 * 60_000;

/**
 * Backups of every hosting's disk, in rounds (the schedule's, or an admin's
 * "now"): one or two hostings at a time, each as a job of its hosting (so
 * never beside a restore or a start), then retention per hosting, the grace
 * period of deleted hostings, and one prune to free what was forgotten.
 */
export class BackupService {
  private round: BackupRound | null = null;
  private lastRound: BackupRound | null = null;
  private running: Promise<BackupRound> | undefined;
  /** Snapshots the round under way has forgotten: prune only frees what a forget let go. */
  private forgotten = 0;

  constructor(private readonly deps: BackupServiceDeps) {}

  /** Starts a round unless one runs; resolves when it ends. */
  runRound(trigger: BackupTrigger = 'schedule'): Promise<BackupRound> {
    if (!this.deps.settings.enabled)
      return Promise.reject(new ConflictError('Backups are off (HOSTBAY_BACKUP_SCHEDULE=off).', ErrorCode.backupsOff));
    this.running ??= this.round$(trigger).finally(() => (this.running = undefined));
    return this.running;
  }

  /** For an admin's "now": starts a round in the background; refused while one runs. */
  startRound(): BackupRound {
    if (this.running) throw new ConflictError('A backup round is under way; wait for it to finish.');
    this.runRound('admin').catch((error: unknown) => this.deps.log.error({ err: error }, 'backup round failed'));
    return this.round ?? { started_at: new Date().toISOString(), finished_at: null, total: 0, done: 0, failed: 0 };
  }

  /** Backups left `running` by a process that died with no job to finish them: they never count. */
  async sweepInterrupted(): Promise<void> {
    for (const backup of await this.deps.records.listRunning()) {
      const open = await this.deps.jobs.findOpen(backup.hostingId);
      if (open?.payload?.backupId === backup.id) continue;
      await this.deps.records.markFailed(backup.id, 'interrupted: Hostbay stopped while it ran');
    }
  }

  async list(): Promise<AdminBackupList> {
    const { settings } = this.deps;
    const records = await this.deps.records.list(500);
    const hostings = new Map<string, HostingRecord | undefined>();
    for (const record of records)
      if (!hostings.has(record.hostingId))
        hostings.set(record.hostingId, await this.deps.hostings.findById(record.hostingId));
    const latestDone = new Set<string>();
    const items = records.map((record) => {
      const hosting = hostings.get(record.hostingId);
      // The newest finished backup of a deleted hosting is the one it is brought back from.
      const newest = record.state === 'done' && !latestDone.has(record.hostingId);
      if (newest) latestDone.add(record.hostingId);
      return presentBackup(record, {
        hosting,
        graceSeconds: settings.graceSeconds,
        progress: this.deps.progress.get(record.id)?.fraction ?? null,
        restorable: newest && hosting?.status === 'DELETED',
      });
    });
    const next = this.deps.nextRun();
    return {
      items,
      overview: {
        enabled: settings.enabled,
        schedule: settings.schedule ?? null,
        next_run_at: next ? next.toISOString() : null,
        repository: settings.repositoryLabel,
        keep: settings.keep,
        grace_days: settings.graceSeconds / 86400,
        round: this.round,
        last_round: this.lastRound,
      },
    };
  }

  /** The backup a deleted hosting is brought back from: its newest finished one, within the grace period. */
  async restorableBackup(backupId: string): Promise<{ backup: BackupRecord; hosting: HostingRecord }> {
    const backup = await this.deps.records.find(backupId);
    if (!backup) throw new NotFoundError('There is no such backup.');
    const hosting = await this.deps.hostings.findById(backup.hostingId);
    if (!hosting || hosting.status !== 'DELETED')
      throw new ConflictError('Only a deleted hosting is brought back from its backup.');
    const newest = (await this.deps.records.listByHosting(hosting.id)).find((b) => b.state === 'done');
    if (backup.state !== 'done' || newest?.id !== backup.id)
      throw new ConflictError('A deleted hosting is brought back from its newest finished backup.');
    return { backup, hosting };
  }

  private async round$(trigger: BackupTrigger): Promise<BackupRound> {
    const { deps } = this;
    const round: BackupRound = {
      started_at: new Date().toISOString(),
      finished_at: null,
      total: 0,
      done: 0,
      failed: 0,
    };
    this.round = round;
    this.forgotten = 0;
    try {
      await deps.vault.ensure();
      await this.expireDeleted();
      const hostings = await deps.hostings.listByStatus(['RUNNING', 'STOPPED']);
      round.total = hostings.length;
      const limit = pLimit(deps.settings.concurrency);
      await Promise.all(
        hostings.map((hosting) =>
          limit(async () => {
            const outcome = await this.backUpOne(hosting, trigger).catch((error: unknown) => {
              deps.log.error({ err: error, hosting: hosting.id }, 'backup failed');
              return 'failed' as const;
            });
            if (outcome === 'done') round.done += 1;
            else round.failed += 1;
          }),
        ),
      );
      await this.backUpControlPlane();
      // Pruning reads the whole repository's index (seconds to minutes): only when this round forgot snapshots.
      if (this.forgotten > 0) await deps.vault.prune();
      deps.log.info({ ...round }, 'backup round done');
      await deps.audit?.record({
        actor: { kind: 'system' },
        action: 'system.backup_round',
        result: round.failed === 0 ? 'ok' : 'failed',
        detail: { trigger, total: round.total, done: round.done, failed: round.failed },
      });
    } finally {
      round.finished_at = new Date().toISOString();
      this.round = null;
      this.lastRound = round;
    }
    return round;
  }

  /** One hosting's backup as a job of the hosting, then its retention. */
  private async backUpOne(hosting: HostingRecord, trigger: BackupTrigger): Promise<'done' | 'failed'> {
    const { deps } = this;
    const backup = await deps.records.insert({
      id: randomUUID(),
      hostingId: hosting.id,
      userId: hosting.userId,
      username: hosting.username,
      trigger,
    });
    const pollMs = deps.pollMs ?? 1000;
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      const queued = await deps.transaction(async ({ hostings, jobs }) => {
        if (await jobs.findOpen(hosting.id)) return false;
        await hostings.planSteps(hosting.id, 'backup', ['back_up_disk']);
        await jobs.enqueue(hosting.id, 'backup', 0, { backupId: backup.id });
        return true;
      });
      if (queued) break;
      if (Date.now() > deadline) {
        await deps.records.markFailed(backup.id, 'the hosting stayed busy with another job');
        return 'failed';
      }
      await sleep(pollMs);
    }
    deps.wakeWorker();
    let finished = await deps.records.find(backup.id);
    while (finished?.state === 'running') {
      await sleep(pollMs);
      finished = await deps.records.find(backup.id);
    }
    this.deps.progress.delete(backup.id);
    if (finished?.state !== 'done') return 'failed';
    const { removed } = await deps.vault.forget([`hosting:${hosting.id}`], deps.settings.keep);
    this.forgotten += removed.length;
    await deps.records.markExpired(removed);
    return 'done';
  }

  /** Hostbay itself into the vault (tag `control`), kept as the hostings' backups are: what a lost disk needs back. */
  private async backUpControlPlane(): Promise<void> {
    const plane = this.deps.controlPlane;
    if (!plane) return;
    try {
      await this.deps.vault.backup([await plane.write()], { tags: ['hostbay', 'control'] });
      const { removed } = await this.deps.vault.forget(['control'], this.deps.settings.keep);
      this.forgotten += removed.length;
    } catch (error) {
      this.deps.log.error({ err: error }, 'the control-plane backup failed');
    } finally {
      await plane.remove();
    }
  }

  /** Forgets the backups of hostings deleted longer ago than the grace period. */
  private async expireDeleted(): Promise<void> {
    const cutoff = new Date(Date.now() - this.deps.settings.graceSeconds * 1000);
    const expired = await this.deps.records.listOfDeletedBefore(cutoff);
    const ids = expired.flatMap((backup) => (backup.repositoryId ? [backup.repositoryId] : []));
    if (ids.length === 0) return;
    await this.deps.vault.forgetIds(ids);
    this.forgotten += ids.length;
    await this.deps.records.markExpired(ids);
    await this.deps.audit?.record({
      actor: { kind: 'system' },
      action: 'system.backup_expire',
      result: 'ok',
      detail: { backups: ids.length },
    });
    this.deps.log.info({ backups: ids.length }, 'forgot the backups of hostings deleted before the grace period');
  }
}
