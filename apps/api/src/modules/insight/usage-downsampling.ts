import type { UsageRange } from '@hostbay/contract/usage';
import type { UsageRepository } from './usage.repository.js';

/** How the graphs' points are kept: each level averages the one before into coarser points. */
export interface UsageLevel {
  range: UsageRange;
  /** Seconds a point stands for. */
  resolution: number;
  /** How long its points are kept, in seconds: the range a member looks at. */
  keepSeconds: number;
  /** The finer level it is averaged from; none for the sampler's own points. */
  source?: number;
}

export const USAGE_LEVELS: readonly UsageLevel[] = [
  { range: '1h', resolution: 10, keepSeconds: 3600 },
  { range: '24h', resolution: 60, keepSeconds: 86_400, source: 10 },
  { range: '30d', resolution: 600, keepSeconds: 30 * 86_400, source: 60 },
];

export const RAW_RESOLUTION = 10;

export function usageLevel(range: UsageRange): UsageLevel {
  const level = USAGE_LEVELS.find((l) => l.range === range);
  if (!level) throw new Error(`no usage level for ${range}`);
  return level;
}

export type DownsamplingStore = Pick<
  UsageRepository,
  'aggregate' | 'newest' | 'oldest' | 'prune' | 'removeDeletedSince'
>;

/**
 * Averages the sampler's points into minutes and the minutes into ten minutes as each bucket completes, and
 * forgets what has aged out. A bucket (end − resolution, end] is complete once a point after its end has
 * been written: the sampler's own points after its round at `now`, a minute's points after the minute level
 * got past it. Where a level stands is read back from the database at the first run, so a restart
 * mid-bucket averages that bucket whole once it completes; aggregating a bucket twice rewrites the same
 * point (the repository replaces it).
 */
export class UsageDownsampler {
  /** The end of the last bucket averaged, per resolution. */
  private readonly done = new Map<number, number>();

  constructor(private readonly store: DownsamplingStore) {}

  /** After a round of the sampler's points at `now` (seconds). */
  async run(now: number): Promise<void> {
    let sourceComplete: number | undefined = now;
    let advanced = false;
    for (const level of USAGE_LEVELS) {
      if (level.source === undefined) continue;
      if (sourceComplete === undefined) break;
      const until = Math.floor(sourceComplete / level.resolution) * level.resolution;
      const after = await this.startOf(level, level.source);
      if (after !== undefined && until > after) {
        await this.store.aggregate(level.source, level.resolution, after, until);
        this.done.set(level.resolution, until);
        advanced = true;
      }
      sourceComplete = this.done.get(level.resolution);
    }
    // Once a minute at most (when a minute completed): a round's points alone never age anything out.
    if (advanced) await this.prune(now);
  }

  /** Forgets every level's points older than it keeps them, and the points of hostings deleted lately. */
  async prune(now: number): Promise<void> {
    for (const level of USAGE_LEVELS) await this.store.prune(level.resolution, now - level.keepSeconds);
    const longest = Math.max(...USAGE_LEVELS.map((level) => level.keepSeconds));
    // A day more than the longest window: a hosting deleted while Hostbay was down is still caught.
    await this.store.removeDeletedSince(new Date((now - longest - 86_400) * 1000));
  }

  /**
   * Where a level stands: its newest point; with none yet, the start of the bucket of its source's oldest
   * point; undefined while the source has none either.
   */
  private async startOf(level: UsageLevel, source: number): Promise<number | undefined> {
    const known = this.done.get(level.resolution);
    if (known !== undefined) return known;
    const newest = await this.store.newest(level.resolution);
    if (newest !== undefined) {
      this.done.set(level.resolution, newest);
      return newest;
    }
    const oldest = await this.store.oldest(source);
    if (oldest === undefined) return undefined;
    return Math.ceil(oldest / level.resolution) * level.resolution - level.resolution;
  }
}
