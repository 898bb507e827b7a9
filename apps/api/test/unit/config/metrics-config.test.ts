import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/env-reader.js';
import { readMetricsConfig } from '../../../src/config/metrics.js';

const TOKEN = 'a3f9c1e7b5d2086f4e1c9a7b3d5f208e6c4a1b9d7f3e5c20';

async function refusal(env: Record<string, string>): Promise<ConfigError> {
  const error = await readMetricsConfig(env).then(
    () => new Error(`accepted ${JSON.stringify(env)}`),
    (thrown: unknown) => thrown,
  );
  if (error instanceof ConfigError) return error;
  throw error;
}

describe('metrics settings', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostbay-metrics-config-'));
    await writeFile(file('token'), `${TOKEN}\n`);
    await writeFile(file('short'), 'hunter2\n');
    await writeFile(file('two-words'), `${TOKEN} ${TOKEN}\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serve /metrics to this machine only, unless told otherwise', async () => {
    expect(await readMetricsConfig({})).toEqual({ mode: 'loopback' });
    expect(await readMetricsConfig({ HOSTBAY_METRICS: 'off' })).toEqual({ mode: 'off' });
  });

  it('read the token from its file once, without the line end', async () => {
    expect(await readMetricsConfig({ HOSTBAY_METRICS: 'token', HOSTBAY_METRICS_TOKEN_FILE: file('token') })).toEqual({
      mode: 'token',
      token: TOKEN,
    });
  });

  it('refuse to start, naming the variable, on a mode, a file or a token that will not do', async () => {
    expect((await refusal({ HOSTBAY_METRICS: 'public' })).message).toMatch(
      /^HOSTBAY_METRICS: expected one of loopback, token, off/,
    );
    expect((await refusal({ HOSTBAY_METRICS: 'token' })).variable).toBe('HOSTBAY_METRICS_TOKEN_FILE');
    expect((await refusal({ HOSTBAY_METRICS: 'token', HOSTBAY_METRICS_TOKEN_FILE: 'relative/token' })).variable).toBe(
      'HOSTBAY_METRICS_TOKEN_FILE',
    );
    const missing = await refusal({ HOSTBAY_METRICS: 'token', HOSTBAY_METRICS_TOKEN_FILE: file('nope') });
    expect(missing.message).toMatch(/^HOSTBAY_METRICS_TOKEN_FILE: cannot read the token file \(ENOENT\)/);
    for (const name of ['short', 'two-words']) {
      const weak = await refusal({ HOSTBAY_METRICS: 'token', HOSTBAY_METRICS_TOKEN_FILE: file(name) });
      expect(weak.message).toMatch(/^HOSTBAY_METRICS_TOKEN_FILE: expected a file holding one token of at least 32/);
    }
  });
});
