import { z } from 'zod';
import { durationVar, readEnv, type Env } from './env-reader.js';

/** The resource graphs' sampler (docs/operators.md, "Resource graphs"). */
export interface InsightConfig {
  /** Seconds between two readings of every machine; undefined: no sampling (no graphs, no host use). */
  sampleIntervalSeconds: number | undefined;
}

/**
 * At most a minute: the graphs' finest points are 10 s ones averaged into minutes, and a minute with no
 * reading in it would be a hole in the day's graph.
 */
const intervalVar = z
  .string()
  .default('10s')
  .transform((text, ctx) => {
    if (text === 'off') return undefined;
    const parsed = durationVar('10s', 1, 60).safeParse(text);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'expected a duration from 1s to 60s such as 10s, or off' });
    return z.NEVER;
  });

const insightShape = {
  HOSTBAY_SAMPLE_INTERVAL: intervalVar,
};

export function readInsightConfig(env: Env): InsightConfig {
  const vars = readEnv(env, insightShape);
  return { sampleIntervalSeconds: vars.HOSTBAY_SAMPLE_INTERVAL };
}
