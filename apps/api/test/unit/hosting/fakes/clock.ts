/**
 * The time the in-memory job store reads its leases by. Tests move it on to
 * make a lease or a back-off run out at once instead of waiting for it; the
 * rest of the lifecycle (step timeouts, polls) keeps real, short timers.
 */
export class FakeClock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}
