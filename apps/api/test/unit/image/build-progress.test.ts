import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  LineBuildProgress,
  TerminalBuildProgress,
  type BuildProgress,
} from '../../../src/modules/image/build-progress.js';

const phases = [
  { id: 'a', label: 'First step', weight: 1 },
  { id: 'b', label: 'Second step', weight: 3 },
];

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('build progress without a terminal', () => {
  it('prints one line per phase, then one about every 10 s with the progress and the time taken', () => {
    const out = capture();
    let now = 0;
    const progress: BuildProgress = new LineBuildProgress(out.stream, () => now);
    progress.start(phases);
    progress.phase('a');
    progress.update(0.5, 'halfway');
    progress.phase('b');
    for (let i = 0; i < 100; i += 1) {
      // 100 updates over 25 s: two lines, not a hundred.
      now += 250;
      progress.update(i / 100, `item ${i}`);
    }
    now = 42_000;
    progress.fail();
    expect(out.text().split('\n').filter(Boolean)).toEqual([
      '[image 1/2] First step',
      '[image 2/2] Second step',
      '[image 2/2] 39 % of this step (54 % in all), 10 s: item 39',
      '[image 2/2] 79 % of this step (84 % in all), 20 s: item 79',
      '[image] failed after 42 s in this step',
    ]);
  });
});

describe('build progress on a terminal', () => {
  it('draws a bar weighted by phase and shows the current activity', async () => {
    const out = capture();
    const progress = new TerminalBuildProgress(out.stream);
    progress.start(phases);
    progress.phase('b');
    progress.update(0.5, 'unpacking nginx-light');
    // The bar redraws on a timer (5 per second).
    await new Promise((resolve) => setTimeout(resolve, 400));
    progress.finish('done.');
    const text = out.text();
    // Phase a (weight 1) done and half of b (weight 3): 62.5 % of the whole, shown as it is redrawn.
    expect(text).toContain('[2/2] Second step: unpacking nginx-light');
    expect(text).toMatch(/\b6[23]%/);
    expect(text).toContain('done.');
  });
});
