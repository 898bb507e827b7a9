/** A failure injected into a fake: the outside world (libvirt, nginx, a site) said no. */
export class InjectedFault extends Error {}

interface Failure<M> {
  method: M;
  target: string | undefined;
  remaining: number;
  error: () => Error;
}

interface Hang<M> {
  method: M;
  target: string | undefined;
  gate: Promise<void>;
}

/** Lets a hung call go on; it then does what it was asked, late. */
export interface HangControl {
  release(): void;
}

/**
 * The calls a fake received, and the faults a test put on them: a call that
 * throws (`fail`), or one that never answers until released (`hang`), e.g. a
 * virsh command stuck on a busy libvirt. `target` narrows a fault to one
 * hosting (or username); without it every call of the method is hit.
 */
export class Faults<M extends string> {
  readonly calls: { method: M; target: string }[] = [];
  #failures: Failure<M>[] = [];
  #hangs: Hang<M>[] = [];

  /** `journal`, shared by several fakes, records `<port>.<method>` of every call in the order they came. */
  constructor(
    private readonly port: string,
    private readonly journal: string[] = [],
  ) {}

  /** The next `times` matching calls throw `error` (an InjectedFault with `message` by default). */
  fail(method: M, options: { times?: number; message?: string; target?: string; error?: () => Error } = {}): void {
    const message = options.message ?? `injected failure in ${method}`;
    this.#failures.push({
      method,
      target: options.target,
      remaining: options.times ?? Infinity,
      error: options.error ?? (() => new InjectedFault(message)),
    });
  }

  /** The next matching call hangs (ignoring any signal) until released. */
  hang(method: M, target?: string): HangControl {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.#hangs.push({ method, target, gate });
    return { release };
  }

  /** Records the call, then throws or hangs it if a fault says so. */
  async enter(method: M, target: string): Promise<void> {
    this.calls.push({ method, target });
    this.journal.push(`${this.port}.${method}`);
    const matches = (f: { method: M; target: string | undefined }) =>
      f.method === method && (f.target === undefined || f.target === target);
    const failure = this.#failures.find((f) => matches(f) && f.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      throw failure.error();
    }
    const hang = this.#hangs.find(matches);
    if (hang) {
      this.#hangs.splice(this.#hangs.indexOf(hang), 1);
      await hang.gate;
    }
  }

  count(method: M, target?: string): number {
    return this.calls.filter((c) => c.method === method && (target === undefined || c.target === target)).length;
  }

  /** The methods called, in order (optionally for one target). */
  sequence(target?: string): M[] {
    return this.calls.filter((c) => target === undefined || c.target === target).map((c) => c.method);
  }

  clear(): void {
    this.#failures = [];
    this.#hangs = [];
  }
}
