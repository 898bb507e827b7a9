import { describe, expect, it } from 'vitest';
import { SilentBuildProgress, type BuildProgress } from '../../../src/modules/image/build-progress.js';
import { SetupProgress } from '../../../src/modules/setup/setup-progress.js';

const steps = [
  { id: 'packages', label: 'Installing the host packages' },
  { id: 'image', label: 'Building the guest image' },
  { id: 'start', label: 'Starting Hostbay' },
];
const phases = [
  { id: 'fetch', label: 'Fetching', weight: 1 },
  { id: 'install', label: 'Installing', weight: 3 },
];

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('set-up progress', () => {
  it('says which step runs, what comes next and how long it has taken', () => {
    const time = clock();
    const setup = new SetupProgress(steps, time.now);
    setup.begin('packages');
    time.advance(5_000);
    setup.begin('image');
    time.advance(12_000);
    const status = setup.status();
    expect(status.state).toBe('running');
    expect(status.steps.map((s) => s.state)).toEqual(['done', 'running', 'waiting']);
    expect(status.current).toMatchObject({ id: 'image', fraction: null, elapsed_seconds: 12 });
    expect(status.next).toEqual({ id: 'start', label: 'Starting Hostbay' });
    expect(status.elapsed_seconds).toBe(17);
  });

  it("turns an image build's weighted phases into progress within its step", () => {
    const setup = new SetupProgress(steps);
    setup.begin('image');
    const build = setup.forBuild(new SilentBuildProgress());
    build.start(phases);
    build.phase('fetch');
    build.update(1, 'fetched');
    build.phase('install');
    build.update(0.5, 'unpacking nginx-light');
    const current = setup.status().current;
    // Phase 1 (weight 1) done and half of phase 2 (weight 3): 2.5 of 4.
    expect(current?.fraction).toBeCloseTo(0.625);
    expect(current?.part).toEqual({ id: 'install', label: 'Installing', number: 2, count: 2 });
    expect(current?.activity).toBe('unpacking nginx-light');
  });

  it('passes the build on to the terminal display as well', () => {
    const seen: string[] = [];
    const terminal: BuildProgress = {
      start: () => undefined,
      phase: (id) => void seen.push(`phase ${id}`),
      update: (fraction) => void seen.push(`update ${fraction}`),
      note: () => undefined,
      finish: () => undefined,
      fail: () => undefined,
    };
    const setup = new SetupProgress(steps);
    setup.begin('image');
    const build = setup.forBuild(terminal);
    build.start(phases);
    build.phase('install');
    build.update(0.25, 'x');
    // The display gets the phase's own fraction; the page the whole step's.
    expect(seen).toEqual(['phase install', 'update 0.25']);
  });

  it('keeps the failed step and the message, and stops announcing a next step', () => {
    const setup = new SetupProgress(steps);
    setup.begin('image');
    setup.fail('The Debian mirror did not answer. Check HOSTBAY_IMAGE_MIRROR.');
    const status = setup.status();
    expect(status.state).toBe('failed');
    expect(status.steps.map((s) => s.state)).toEqual(['done', 'failed', 'waiting']);
    expect(status.failure?.message).toContain('HOSTBAY_IMAGE_MIRROR');
    expect(status.next).toBeNull();
  });

  it('is ready with every step done', () => {
    const setup = new SetupProgress(steps);
    setup.begin('start');
    setup.ready();
    const status = setup.status();
    expect(status.state).toBe('ready');
    expect(status.steps.every((s) => s.state === 'done')).toBe(true);
    expect(status.current).toBeNull();
  });
});
