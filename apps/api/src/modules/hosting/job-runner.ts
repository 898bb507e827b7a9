import { randomUUID } from 'node:crypto';
import { MemberSafeError, memberSafeMessage } from '../../errors.js';
import type { JobObserver } from '../metrics/metrics.ports.js';
import type { HostingEvents } from './hosting-events.js';
import type { HostingStore, JobLogger, JobStore } from './hosting.ports.js';
import type { HostingRecord, JobRecord, StepRecord } from './hosting.types.js';
import type { JobPlan, StepContext, StepDefinition } from './job-plans.js';

export interface JobRunnerSettings {
  leaseMs: number;
  stepTimeoutMs: number;
  guestTimeoutMs: number;
  /** How long an aborted step's own work may take to end before the job moves on without it (5 s). */
  abortGraceMs?: number;
}

/** Thrown inside a step when its time ran out. */
export class StepTimeoutError extends MemberSafeError {
  constructor(
    readonly step: string,
    readonly timeoutMs: number,
  ) {
    super(`step ${step} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/** The worker lost its lease (another worker took the job over); stop without touching anything. */
export class LostClaimError extends Error {}

/** The process is shutting down: leave the job exactly where it is for the next start. */
class ShutdownError extends LostClaimError {
  constructor() {
    super('shutting down');
  }
}

const ROLLBACK_STATES = new Set(['failed', 'undoing', 'undone']);

const ABORT_GRACE_MS = 5000;

/**
 * Runs one claimed job through its plan, storing every step's progress so a
 * crash at any moment is resumed (or its rollback continued) by whoever claims
 * the job next.
 */
export class JobRunner {
  readonly workerId = `worker-${randomUUID()}`;

  constructor(
    private readonly hostings: HostingStore,
    private readonly jobs: JobStore,
    private readonly plans: Record<JobRecord['kind'], JobPlan>,
    private readonly events: HostingEvents,
    private readonly settings: JobRunnerSettings,
    private readonly log: JobLogger,
    /** Told how long each step took and whether it failed (/metrics). */
    private readonly observer?: JobObserver,
  ) {}

  /** Runs the job; `stop` (process shutdown) abandons it at once and frees the claim for the next start. */
  async run(job: JobRecord, stop?: AbortSignal): Promise<void> {
    const lease = new AbortController();
    const onStop = () => lease.abort(new ShutdownError());
    stop?.addEventListener('abort', onStop, { once: true });
    const renewal = setInterval(
      () => {
        this.jobs
          .renew(job.id, this.workerId, this.settings.leaseMs)
          .then((held) => held || lease.abort(new LostClaimError(`lost the claim on job ${job.id}`)))
          .catch((error: unknown) => this.log.warn({ err: error, job: job.id }, 'lease renewal failed'));
      },
      Math.max(50, Math.floor(this.settings.leaseMs / 3)),
    );
    try {
      await this.runPlan(job, lease.signal);
    } catch (error) {
      if (error instanceof ShutdownError) await this.jobs.release(job.id, this.workerId);
      else if (error instanceof LostClaimError) this.log.warn({ job: job.id }, error.message);
      else throw error;
    } finally {
      clearInterval(renewal);
      stop?.removeEventListener('abort', onStop);
    }
  }

  private async runPlan(job: JobRecord, lease: AbortSignal): Promise<void> {
    const plan = this.plans[job.kind];
    const hosting = await this.hostings.findById(job.hostingId);
    if (!hosting) {
      await this.jobs.finish(job.id, this.workerId, 'failed');
      return;
    }
    const stored = await this.hostings.listSteps(hosting.id, job.kind);
    // Only a plan that rolls back can be caught mid-rollback; in the others (delete, start ...) a
    // failed step is simply run again on the retry.
    const inRollback = plan.rollbackOnFailure && stored.some((step) => ROLLBACK_STATES.has(step.state));
    if (inRollback) return this.rollback(job, plan, hosting, stored, lease);

    for (const definition of plan.steps) {
      const step = stored.find((s) => s.name === definition.name);
      // Not in this hosting's plan (creation boots or restores, not both), or done before a restart.
      if (!step || step.state === 'done') continue;
      await this.holdClaim(job, lease);
      // Each step sees the row as it is now: a suspension may have held the hosting since the job began
      // (add_proxy then publishes the suspended page, probe_site has nothing to probe).
      const current = (await this.hostings.findById(hosting.id)) ?? hosting;
      const started = performance.now();
      try {
        const created = await this.runStep(job, current, definition, lease);
        this.observe(job, definition, started, true);
        await this.hostings.updateStep(hosting.id, job.kind, definition.name, {
          state: 'done',
          finishedAt: new Date(),
          ...(created ? { created } : {}),
        });
        this.events.changed(hosting.userId);
      } catch (error) {
        if (lease.aborted) throw lease.reason;
        // A process cut off for longer than its lease may have lost the job to another: then its failure is
        // not the job's, and it must neither record it nor roll back the other's work.
        await this.holdClaim(job, lease);
        this.observe(job, definition, started, false);
        const message = describe(error);
        this.log.warn({ err: error, hosting: hosting.id, job: job.kind, step: definition.name }, 'step failed');
        await this.hostings.updateStep(hosting.id, job.kind, definition.name, {
          state: 'failed',
          finishedAt: new Date(),
          error: message,
        });
        if (plan.rollbackOnFailure) {
          const steps = await this.hostings.listSteps(hosting.id, job.kind);
          return this.rollback(job, plan, hosting, steps, lease, memberSafeMessage(error));
        }
        if (job.attempts < plan.maxAttempts) {
          // Retried from this step after a back-off (1, 2, 4 ... s, at most one lease): a delete that
          // met a passing failure should not keep the user waiting a whole lease.
          const backoffMs = Math.min(this.settings.leaseMs, 1000 * 2 ** Math.max(0, job.attempts - 1));
          this.log.warn(
            { hosting: hosting.id, job: job.kind, step: definition.name, backoffMs },
            'step will be retried',
          );
          // The worker's 1 s poll claims it again once the back-off ends.
          await this.jobs.release(job.id, this.workerId, backoffMs);
          return;
        }
        return this.fail(job, plan, hosting, definition.name, memberSafeMessage(error));
      }
    }
    await this.finish(job, plan, hosting);
  }

  private async runStep(
    job: JobRecord,
    hosting: HostingRecord,
    definition: StepDefinition,
    lease: AbortSignal,
  ): Promise<Record<string, unknown> | void> {
    const timeoutMs = definition.timeout === 'guest' ? this.settings.guestTimeoutMs : this.settings.stepTimeoutMs;
    await this.hostings.updateStep(hosting.id, job.kind, definition.name, {
      state: 'running',
      startedAt: new Date(),
      finishedAt: null,
      error: null,
    });
    this.events.changed(hosting.userId);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([lease, timeout]);
    const ctx: StepContext = { hosting, payload: job.payload, signal, timeoutMs };
    // An already aborted signal never fires 'abort': a job stopped during the previous step stops here.
    if (lease.aborted) throw lease.reason;
    return new Promise((resolve, reject) => {
      const work = definition.run(ctx);
      const onAbort = () => {
        const reason = lease.aborted ? lease.reason : new StepTimeoutError(definition.name, timeoutMs);
        // Give the step's own work (a virsh call, a qemu-img) a moment to end, so that what runs next (a
        // delete after a cancel, a rollback after a timeout) does not race it. A step that ignores its
        // signal for longer loses: the job moves on and the reconciler tidies up after it.
        const grace = setTimeout(() => reject(reason), this.settings.abortGraceMs ?? ABORT_GRACE_MS);
        work
          .finally(() => {
            clearTimeout(grace);
            reject(reason);
          })
          .catch(() => undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // Registered first, so a step that completes in its grace counts as done (a resume will not redo it).
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private observe(job: JobRecord, definition: StepDefinition, started: number, ok: boolean): void {
    const seconds = (performance.now() - started) / 1000;
    this.observer?.stepFinished({ job: job.kind, step: definition.name, seconds, ok });
  }

  /**
   * Renews the claim before the runner changes anything for the job: a renewal in the background may have
   * failed for a whole lease (the database out of reach) while another worker took the job over.
   */
  private async holdClaim(job: JobRecord, lease: AbortSignal): Promise<void> {
    if (lease.aborted) throw lease.reason;
    if (!(await this.jobs.renew(job.id, this.workerId, this.settings.leaseMs)))
      throw new LostClaimError(`lost the claim on job ${job.id}`);
  }

  /**
   * Undoes, newest first, every step that ran (done, failed or half-undone), then ERROR. `memberDetail`:
   * what the member may read of the failure, when the failing error is at hand (not after a restart).
   */
  private async rollback(
    job: JobRecord,
    plan: JobPlan,
    hosting: HostingRecord,
    stored: StepRecord[],
    lease: AbortSignal,
    memberDetail?: string,
  ) {
    const failed = stored.find((s) => s.state === 'failed' || s.error);
    for (const definition of [...plan.steps].reverse()) {
      const step = stored.find((s) => s.name === definition.name);
      if (!step || step.state === 'pending' || step.state === 'undone') continue;
      await this.holdClaim(job, lease);
      await this.hostings.updateStep(hosting.id, job.kind, definition.name, { state: 'undoing' });
      this.events.changed(hosting.userId);
      try {
        await definition.undo?.(
          { hosting, payload: job.payload, signal: lease, timeoutMs: this.settings.stepTimeoutMs },
          step.created,
        );
      } catch (error) {
        // Leave the job claimable: the worker claims it again and retries the rollback after the lease runs out.
        this.log.error({ err: error, hosting: hosting.id, step: definition.name }, 'undo failed; will retry');
        await this.jobs.release(job.id, this.workerId, this.settings.leaseMs);
        return;
      }
      await this.hostings.updateStep(hosting.id, job.kind, definition.name, {
        state: 'undone',
        finishedAt: new Date(),
      });
    }
    await this.fail(
      job,
      plan,
      hosting,
      failed?.name ?? null,
      failed ? memberDetail : 'Creation was interrupted and rolled back.',
      true,
    );
  }

  private async fail(
    job: JobRecord,
    plan: JobPlan,
    hosting: HostingRecord,
    step: string | null,
    memberDetail: string | undefined,
    retrySafe = true,
  ) {
    const error = { step, message: humanMessage(job.kind, step, memberDetail), retrySafe };
    if (plan.during !== null) {
      const moved = await this.hostings.transition(hosting.id, plan.during, 'ERROR', { error });
      if (!moved) this.log.warn({ hosting: hosting.id, expected: plan.during }, 'hosting changed under a failing job');
    }
    await plan.failed?.(hosting, job.payload, error.message);
    await this.jobs.finish(job.id, this.workerId, 'failed');
    this.events.changed(hosting.userId);
  }

  private async finish(job: JobRecord, plan: JobPlan, hosting: HostingRecord) {
    if (plan.during !== null && plan.succeeded !== null && plan.during !== plan.succeeded) {
      const moved = await this.hostings.transition(hosting.id, plan.during, plan.succeeded, { error: null });
      if (!moved)
        this.log.warn({ hosting: hosting.id, expected: plan.during }, 'hosting changed under a finishing job');
    } else {
      await this.hostings.touch(hosting.id);
    }
    await this.jobs.finish(job.id, this.workerId, 'done');
    this.events.changed(hosting.userId);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const STEP_ADVICE: Record<string, string> = {
  wait_guest: 'The machine did not answer on its web and SSH ports in time.',
  write_seed: 'Could not write the machine’s first-boot configuration.',
  clone_disk: 'Could not create the machine’s disk.',
  define_vm: 'The hypervisor refused the machine definition.',
  start_vm: 'The machine did not start.',
  restore_vm: 'The machine could not be started from its template.',
  personalise: 'The machine could not be set up with your user and keys.',
  take_snapshot: 'The snapshot could not be taken; your machine is as it was.',
  restore_disk: 'The disk could not be put back as the snapshot has it.',
  restore_backup: 'The disk could not be restored from its backup.',
  back_up_disk: 'The backup could not be taken; the machine is as it was.',
  recover_disk: 'The machine’s disk could not be brought back.',
  add_proxy: 'Could not publish the site on the web edge.',
  probe_site: 'The site did not answer through the web edge.',
};

const NEXT_MOVE: Record<JobRecord['kind'], string> = {
  create: 'Delete this hosting and create it again; if it keeps failing, tell the operator.',
  delete: 'Press delete again; if it keeps failing, tell the operator.',
  start: 'Try starting it again; if it keeps failing, tell the operator.',
  stop: 'Try stopping it again; if it keeps failing, tell the operator.',
  reboot: 'Try again; if it keeps failing, tell the operator.',
  snapshot: 'Delete this snapshot and take another; if it keeps failing, tell the operator.',
  backup: 'The operator sees it among the backups.',
  recover: 'Tell the operator: the machine could not be brought back on this host.',
  restore: 'Restore the snapshot again; if it keeps failing, tell the operator.',
};

/**
 * A message a member can act on: what failed in plain words, what to do, then the detail when it is
 * Hostbay's own (a timeout, a machine that powered off). A host program's output or a path never gets
 * here: it stays in the log and in the step's record, for the operator.
 */
function humanMessage(kind: JobRecord['kind'], step: string | null, detail: string | undefined): string {
  const what = (step && STEP_ADVICE[step]) ?? 'Something went wrong.';
  return detail === undefined ? `${what} ${NEXT_MOVE[kind]}` : `${what} ${NEXT_MOVE[kind]} (${detail})`;
}
