/**
 * Serializes work and coalesces bursts: operations enqueued while a batch is
 * being applied (or within `delayMs` of the first one) are handed to the
 * processor together, so a burst of changes costs one apply. Each caller's
 * promise settles with the batch that carried its operation: the processor
 * returns one outcome per operation (an Error rejects just that caller) or
 * throws to reject the whole batch.
 */
export class BatchQueue<Op> {
  private pending: { op: Op; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly processor: (ops: readonly Op[]) => Promise<readonly (Error | undefined)[]>,
    private readonly delayMs: number,
  ) {}

  enqueue(op: Op): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything enqueued so far has been processed. */
  async idle(): Promise<void> {
    while (this.draining || this.timer || this.pending.length > 0) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.start();
      }
      await this.draining;
    }
  }

  private schedule(): void {
    if (this.draining || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.delayMs);
  }

  private start(): void {
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // Callers resumed by the last batch may have enqueued before this ran.
      if (this.pending.length > 0) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    // Whatever arrives while a batch is applied waits here and goes out as the next batch.
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        const outcomes = await this.processor(batch.map((entry) => entry.op));
        batch.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (outcome) entry.reject(outcome);
          else entry.resolve();
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }
}
