import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../../../src/modules/proxy/batch-queue.js';

describe('BatchQueue', () => {
  it('coalesces a burst into few batches and settles every caller', async () => {
    const batches: number[][] = [];
    const queue = new BatchQueue<number>(async (ops) => {
      batches.push([...ops]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ops.map((op) => (op === 13 ? new Error('unlucky') : undefined));
    }, 5);

    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => queue.enqueue(i)));

    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[13]).toMatchObject({ status: 'rejected' });
  });

  it('runs one batch at a time and rejects a whole batch when the processor throws', async () => {
    let running = 0;
    let maxRunning = 0;
    const queue = new BatchQueue<string>(async (ops) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
      if (ops.includes('boom')) throw new Error('apply failed');
      return ops.map(() => undefined);
    }, 0);

    const first = queue.enqueue('a');
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = [queue.enqueue('boom'), queue.enqueue('b')];
    await expect(first).resolves.toBeUndefined();
    await expect(second[0]).rejects.toThrow('apply failed');
    await expect(second[1]).rejects.toThrow('apply failed');
    await queue.idle();
    expect(maxRunning).toBe(1);
  });
});
