import { PhasePlan, type BuildPhase, type BuildProgress } from '../image/build-progress.js';

/** One step of `up`'s set-up, e.g. building the guest image. */
export interface SetupStep {
  id: string;
  /** English; the set-up page has its own words for the ids it knows. */
  label: string;
}

export type SetupStepState = 'done' | 'running' | 'waiting' | 'failed';

/** Where the set-up stands, for the set-up page and `GET /api/v1/setup/status`. */
export interface SetupStatus {
  state: 'running' | 'failed' | 'ready';
  elapsed_seconds: number;
  steps: { id: string; label: string; state: SetupStepState }[];
  /** The step running (or the one that failed). */
  current: {
    id: string;
    label: string;
    /** 0 to 1 within the step; null when the step cannot tell (e.g. an apt-get install). */
    fraction: number | null;
    /** A long step's own part, e.g. "Installing Debian packages", 2 of 7. */
    part: { id: string; label: string; number: number; count: number } | null;
    /** What is happening right now, e.g. "unpacking nginx-light". */
    activity: string | null;
    elapsed_seconds: number;
  } | null;
  next: { id: string; label: string } | null;
  /** Why the set-up stopped and what to do about it, in the operator's words. */
  failure: { message: string } | null;
}

interface Current {
  index: number;
  startedAt: number;
  fraction: number | null;
  part: NonNullable<SetupStatus['current']>['part'];
  activity: string | null;
}

/**
 * The set-up's progress as `up` goes through its steps. The CLI drives it;
 * the set-up page and the status endpoint only read it.
 */
export class SetupProgress {
  private readonly startedAt: number;
  private current: Current | undefined;
  private failure: string | undefined;
  private finished = false;

  constructor(
    readonly steps: readonly SetupStep[],
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Starts a step; the ones before it are done. */
  begin(id: string): void {
    const index = this.steps.findIndex((step) => step.id === id);
    if (index < 0) throw new Error(`unknown set-up step ${id}`);
    this.current = { index, startedAt: this.now(), fraction: null, part: null, activity: null };
  }

  /** Progress within the current step, 0 to 1, and what it is doing. */
  update(fraction: number | null, activity?: string, part?: Current['part']): void {
    if (!this.current) return;
    this.current.fraction = fraction === null ? null : Math.min(1, Math.max(0, fraction));
    if (activity !== undefined) this.current.activity = activity || null;
    if (part !== undefined) this.current.part = part;
  }

  fail(message: string): void {
    this.failure = message;
  }

  ready(): void {
    this.finished = true;
  }

  status(): SetupStatus {
    const now = this.now();
    const at = this.current?.index ?? -1;
    const stateOf = (index: number): SetupStepState => {
      if (this.finished || index < at) return 'done';
      if (index > at) return 'waiting';
      return this.failure === undefined ? 'running' : 'failed';
    };
    const step = this.current && this.steps[this.current.index];
    const next = this.failure === undefined && !this.finished ? this.steps[at + 1] : undefined;
    return {
      state: this.finished ? 'ready' : this.failure === undefined ? 'running' : 'failed',
      elapsed_seconds: seconds(now - this.startedAt),
      steps: this.steps.map((s, index) => ({ id: s.id, label: s.label, state: stateOf(index) })),
      current:
        step && this.current && !this.finished
          ? {
              id: step.id,
              label: step.label,
              fraction: this.current.fraction,
              part: this.current.part,
              activity: this.current.activity,
              elapsed_seconds: seconds(now - this.current.startedAt),
            }
          : null,
      next: next ? { id: next.id, label: next.label } : null,
      failure: this.failure === undefined ? null : { message: this.failure },
    };
  }

  /**
   * A build's progress (the guest image) reported as the current step's, and
   * passed on to the terminal's display as well.
   */
  forBuild(terminal: BuildProgress): BuildProgress {
    return new StepBuildProgress(this, terminal);
  }
}

/** The image builder's weighted phases become progress within the one set-up step. */
class StepBuildProgress implements BuildProgress {
  private readonly plan = new PhasePlan();
  private part: Current['part'] = null;

  constructor(
    private readonly setup: SetupProgress,
    private readonly terminal: BuildProgress,
  ) {}

  start(phases: readonly BuildPhase[]): void {
    this.plan.set(phases);
    this.terminal.start(phases);
  }

  phase(id: string): void {
    const phase = this.plan.enter(id);
    this.part = { id: phase.id, label: phase.label, number: this.plan.index + 1, count: this.plan.count };
    this.setup.update(this.plan.overall(0), '', this.part);
    this.terminal.phase(id);
  }

  update(fraction: number, activity?: string): void {
    this.setup.update(this.plan.overall(fraction), activity ?? '', this.part);
    this.terminal.update(fraction, activity);
  }

  note(message: string): void {
    this.terminal.note(message);
  }

  finish(message: string): void {
    this.setup.update(1, '', null);
    this.terminal.finish(message);
  }

  fail(): void {
    this.terminal.fail();
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000));
}
