import type { HostingStore, HostingTransactor, JobLogger, JobStore } from '../hosting/hosting.ports.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { BackupRepository } from './backup.repository.js';

export interface MachineRecoveryDeps {
  hostings: Pick<HostingStore, 'listByStatus'>;
  jobs: Pick<JobStore, 'findOpen'>;
  transaction: HostingTransactor;
  vm: { getVmState(hostingId: string): Promise<string> };
  disks: { diskExists(hostingId: string): Promise<boolean> };
  records: Pick<BackupRepository, 'listByHosting'>;
  /** The recover job's steps, in order (job-plans.ts). */
  recoverSteps: readonly string[];
  wakeWorker(): void;
  log: JobLogger;
  /** Where each machine brought back is recorded (the audit log), as Hostbay's own doing. */
  audit?: Pick<AuditLog, 'record'>;
}

/**
 * At start, before the reconciler looks: a hosting the database says is
 * running or stopped, whose machine this host does not have (Hostbay restored
 * onto a fresh machine, `./hostbay backup restore`), gets it back as a job of
 * the hosting: from its disk when the pool still has it, else from its last
 * backup. A hosting with neither is left to the reconciler, which says so (ERROR).
 */
export class MachineRecovery {
  constructor(private readonly deps: MachineRecoveryDeps) {}

  async recoverMissing(): Promise<number> {
    const { deps } = this;
    let recovering = 0;
    for (const hosting of await deps.hostings.listByStatus(['RUNNING', 'STOPPED'])) {
      if (await deps.jobs.findOpen(hosting.id)) continue;
      if ((await deps.vm.getVmState(hosting.id)) !== 'missing') continue;
      const disk = await deps.disks.diskExists(hosting.id);
      const latest = disk ? undefined : (await deps.records.listByHosting(hosting.id)).find((b) => b.state === 'done');
      if (!disk && !latest) continue;
      const queued = await deps.transaction(async ({ hostings, jobs }) => {
        const moved = await hostings.transition(hosting.id, hosting.status, 'RESTORING', { error: null });
        if (!moved) return false;
        await hostings.planSteps(hosting.id, 'recover', [...deps.recoverSteps]);
        await jobs.enqueue(hosting.id, 'recover', 0, latest ? { backupId: latest.id } : undefined);
        return true;
      });
      if (!queued) continue;
      recovering += 1;
      await deps.audit?.record({
        actor: { kind: 'system' },
        action: 'system.hosting_recover',
        target: { kind: 'hosting', id: hosting.id, name: hosting.username },
        result: 'ok',
        detail: { from: disk ? 'disk' : 'backup' },
      });
      deps.log.warn(
        { hosting: hosting.id, from: disk ? 'disk' : 'backup' },
        'the machine is missing from this host: bringing it back',
      );
    }
    if (recovering > 0) deps.wakeWorker();
    return recovering;
  }
}
