import { Presets, SingleBar } from 'cli-progress';

export interface BuildPhase {
  id: string;
  label: string;
  /** Share of the whole build's time (rough, measured); the bar advances by it. */
  weight: number;
}

/** How a build shows its progress. The builder drives it; it never decides anything. */
export interface BuildProgress {
  start(phases: readonly BuildPhase[]): void;
  phase(id: string): void;
  /** Progress inside the current phase, 0 to 1, and what is happening right now. */
  update(fraction: number, activity?: string): void;
  /** A one-off message, e.g. "using the cached image". */
  note(message: string): void;
  finish(message: string): void;
  /** The build failed; the caller reports the error. */
  fail(): void;
}

/** Shared bookkeeping: where the current phase sits within the whole build (the terminal and the set-up page). */
export class PhasePlan {
  private phases: readonly BuildPhase[] = [];
  private total = 1;
  index = -1;

  set(phases: readonly BuildPhase[]): void {
    this.phases = phases;
    this.total = phases.reduce((sum, p) => sum + p.weight, 0) || 1;
    this.index = -1;
  }

  enter(id: string): BuildPhase {
    const index = this.phases.findIndex((p) => p.id === id);
    if (index < 0) throw new Error(`unknown build phase ${id}`);
    this.index = index;
    return this.phases[index] as BuildPhase;
  }

  get count(): number {
    return this.phases.length;
  }

  /** Overall fraction with the current phase `fraction` done. */
  overall(fraction: number): number {
    const before = this.phases.slice(0, Math.max(0, this.index)).reduce((sum, p) => sum + p.weight, 0);
    const current = this.phases[this.index]?.weight ?? 0;
    return (before + current * Math.min(1, Math.max(0, fraction))) / this.total;
  }
}

/** A bar for a terminal (cli-progress), redrawn in place. */
export class TerminalBuildProgress implements BuildProgress {
  private readonly plan = new PhasePlan();
  private readonly bar: SingleBar;
  private label = '';
  private started = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    this.bar = new SingleBar(
      {
        format: ' {bar} {percentage}% | {duration_formatted} | {phase}{activity}',
        hideCursor: true,
        stream,
        fps: 5,
        // Chosen for terminals (or on request); draw even when the stream does not say it is one.
        noTTYOutput: true,
        notTTYSchedule: 200,
        barsize: 30,
      },
      Presets.shades_classic,
    );
  }

  start(phases: readonly BuildPhase[]): void {
    this.plan.set(phases);
    this.bar.start(1000, 0, { phase: '', activity: '' });
    this.started = true;
  }

  phase(id: string): void {
    const phase = this.plan.enter(id);
    this.label = `[${this.plan.index + 1}/${this.plan.count}] ${phase.label}`;
    this.bar.update(Math.round(this.plan.overall(0) * 1000), { phase: this.label, activity: '' });
  }

  update(fraction: number, activity = ''): void {
    const shown = activity ? `: ${activity.length > 40 ? `${activity.slice(0, 39)}…` : activity}` : '';
    this.bar.update(Math.round(this.plan.overall(fraction) * 1000), { phase: this.label, activity: shown });
  }

  note(message: string): void {
    if (this.started) this.stopBar();
    this.stream.write(`${message}\n`);
  }

  finish(message: string): void {
    if (this.started) {
      this.bar.update(1000, { phase: 'done', activity: '' });
      this.stopBar();
    }
    this.stream.write(`${message}\n`);
  }

  fail(): void {
    // The caller reports the error itself; only get the bar out of its way.
    if (this.started) this.stopBar();
  }

  private stopBar(): void {
    this.bar.stop();
    this.started = false;
  }
}

/** How often a log gets a line about the current phase's progress: a bar's worth without flooding it. */
const LINE_EVERY_MS = 10_000;

/** For logs and pipes: one line per phase, then one every ~10 s while a phase runs; no redrawing. */
export class LineBuildProgress implements BuildProgress {
  private readonly plan = new PhasePlan();
  private phaseStartedAt: number | undefined;
  private lastLineAt = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly now: () => number = Date.now,
  ) {}

  start(phases: readonly BuildPhase[]): void {
    this.plan.set(phases);
  }

  phase(id: string): void {
    const phase = this.plan.enter(id);
    this.phaseStartedAt = this.now();
    this.lastLineAt = this.phaseStartedAt;
    this.stream.write(`[image ${this.plan.index + 1}/${this.plan.count}] ${phase.label}\n`);
  }

  update(fraction: number, activity = ''): void {
    const now = this.now();
    if (this.phaseStartedAt === undefined || now - this.lastLineAt < LINE_EVERY_MS) return;
    this.lastLineAt = now;
    const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    const overall = Math.floor(this.plan.overall(fraction) * 100);
    const doing = activity ? `: ${activity}` : '';
    this.stream.write(
      `[image ${this.plan.index + 1}/${this.plan.count}] ${percent} % of this step (${overall} % in all), ${elapsed(now - this.phaseStartedAt)}${doing}\n`,
    );
  }

  note(message: string): void {
    this.stream.write(`${message}\n`);
  }

  finish(message: string): void {
    this.stream.write(`${message}\n`);
  }

  fail(): void {
    const seconds = this.phaseStartedAt === undefined ? 0 : Math.round((this.now() - this.phaseStartedAt) / 1000);
    this.stream.write(`[image] failed after ${seconds} s in this step\n`);
  }
}

function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** For callers that show nothing (tests, `up` with its own display). */
export class SilentBuildProgress implements BuildProgress {
  start(): void {}
  phase(): void {}
  update(): void {}
  note(): void {}
  finish(): void {}
  fail(): void {}
}
