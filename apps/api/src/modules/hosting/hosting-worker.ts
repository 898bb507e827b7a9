import { setMaxListeners } from 'node:events';
import type { JobLogger, JobStore } from './hosting.ports.js';
import type { JobRunner } from './job-runner.js';

export interface WorkerSettings {
  leaseMs: number;
  /** Jobs run in parallel: most of a creation is waiting for a guest to boot. */
  concurrency: number;
  /** How often to look for claimable jobs (new ones from other processes, expired leases). */
  pollMs: number;
}

/**
 * Claims jobs and runs them. Claims go through the database, so several
 * Hostbay processes may run workers against one PostgreSQL.
 */
export class HostingWorker {
  readonly #running = new Set<Promise<void>>();
  readonly #byJob = new Map<string, { run: Promise<void>; abort: AbortController }>();
  readonly #shutdown = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  #pumping = false;
  #again = false;

  constructor(
    private readonly jobs: JobStore,
    private readonly runner: JobRunner,
    private readonly settings: WorkerSettings,
    private readonly log: JobLogger,
  ) {
    // Every running job listens for shutdown; more than Node's default of 10 is normal, not a leak.
    setMaxListeners(0, this.#shutdown.signal);
  }

  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.wake();
  }

  /** Looks for work now. Cheap to call often: concurrent calls fold into one pass. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    void this.pump()
      .catch((error: unknown) => this.log.error({ err: error }, 'claiming jobs failed'))
      .finally(() => {
        this.#pumping = false;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  private async pump(): Promise<void> {
    while (!this.#stopped && this.#running.size < this.settings.concurrency) {
      const job = await this.jobs.claimNext(this.runner.workerId, this.settings.leaseMs);
      if (!job) return;
      const abort = new AbortController();
      const run: Promise<void> = this.runner
        .run(job, AbortSignal.any([this.#shutdown.signal, abort.signal]))
        .catch((error: unknown) =>
          this.log.error({ err: error, job: job.id }, 'job crashed; it will be retried after its lease'),
        )
        .finally(() => {
          this.#running.delete(run);
          this.#byJob.delete(job.id);
          this.wake();
        });
      this.#running.add(run);
      this.#byJob.set(job.id, { run, abort });
    }
  }

  /** Stops claiming, abandons the jobs in flight where they are (the next start resumes them) and waits. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#shutdown.abort();
    await Promise.allSettled([...this.#running]);
  }

  /**
   * Stops a job this process is running (it was cancelled, e.g. by a delete)
   * and waits until it has. False when the job runs elsewhere or not at all.
   */
  async abandon(jobId: string): Promise<boolean> {
    const running = this.#byJob.get(jobId);
    if (!running) return false;
    running.abort.abort();
    await running.run;
    return true;
  }

  /** Resolves when no job is running here (tests). */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#pumping)
      await Promise.allSettled([...this.#running, new Promise((r) => setTimeout(r, 10))]);
  }
}
