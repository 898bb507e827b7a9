import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/env-reader.js';
import { readInsightConfig } from '../../../src/config/insight.js';

describe('the sampling interval (HOSTBAY_SAMPLE_INTERVAL)', () => {
  it('samples every 10 s unless told, takes a duration up to a minute, and off turns sampling off', () => {
    expect(readInsightConfig({}).sampleIntervalSeconds).toBe(10);
    expect(readInsightConfig({ HOSTBAY_SAMPLE_INTERVAL: '30s' }).sampleIntervalSeconds).toBe(30);
    expect(readInsightConfig({ HOSTBAY_SAMPLE_INTERVAL: '1m' }).sampleIntervalSeconds).toBe(60);
    expect(readInsightConfig({ HOSTBAY_SAMPLE_INTERVAL: 'off' }).sampleIntervalSeconds).toBeUndefined();
  });

  it.each(['0', '5m', 'often', '-10s'])('refuses %j, naming the variable', (value) => {
    expect(() => readInsightConfig({ HOSTBAY_SAMPLE_INTERVAL: value })).toThrow(ConfigError);
    expect(() => readInsightConfig({ HOSTBAY_SAMPLE_INTERVAL: value })).toThrow(/^HOSTBAY_SAMPLE_INTERVAL: expected/);
  });
});
