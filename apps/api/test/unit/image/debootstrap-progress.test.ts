import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DebootstrapProgress } from '../../../src/modules/image/debootstrap-progress.js';

// Real output of `debootstrap --variant=minbase --include=...cloud-init...` for bookworm.
const log = readFileSync(path.join(import.meta.dirname, 'fixtures/debootstrap-bookworm.log'), 'utf8').split('\n');

describe('debootstrap progress', () => {
  it('rises steadily from 0 to 1 over a real build and reaches 1 only on success', () => {
    const parser = new DebootstrapProgress();
    const fractions: number[] = [];
    for (const line of log) {
      const update = parser.feed(line);
      if (update) fractions.push(update.fraction);
    }
    expect(fractions.length).toBeGreaterThan(700);
    for (let i = 1; i < fractions.length; i += 1) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] ?? 0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.slice(0, -1).every((f) => f < 1)).toBe(true);
    // The bar moves through the whole range rather than jumping to the end.
    const at = (share: number) => fractions[Math.floor(fractions.length * share)] ?? 0;
    expect(at(0.25)).toBeGreaterThan(0.1);
    expect(at(0.25)).toBeLessThan(0.45);
    expect(at(0.75)).toBeGreaterThan(0.55);
    expect(at(0.75)).toBeLessThan(0.9);
  });

  it('names the package being worked on and treats index files as reading the index', () => {
    const parser = new DebootstrapProgress();
    expect(parser.feed('I: Retrieving InRelease ')?.activity).toBe('reading the package index');
    expect(parser.feed('I: Validating Packages ')?.activity).toBe('reading the package index');
    expect(parser.feed('I: Retrieving libc6 2.36-9+deb12u13')?.activity).toBe('retrieving libc6');
    expect(parser.feed('I: Unpacking nginx-light...')?.activity).toBe('unpacking nginx-light');
    expect(parser.feed('I: Configuring python3-cffi-backend:amd64...')?.activity).toBe(
      'configuring python3-cffi-backend',
    );
    expect(parser.feed('dpkg: warning: something else')).toBeUndefined();
  });

  it('does not reach 1 when debootstrap stops without reporting success', () => {
    const parser = new DebootstrapProgress();
    let last = 0;
    for (const line of log.slice(0, -3)) last = parser.feed(line)?.fraction ?? last;
    expect(last).toBeLessThan(1);
    expect(last).toBeGreaterThan(0.9);
  });
});
