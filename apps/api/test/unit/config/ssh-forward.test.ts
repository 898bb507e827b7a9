import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { readEdgeConfig } from '../../../src/config/edge.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'hostbay-config-'));

describe('HOSTBAY_SSH_FORWARD', () => {
  it.each([
    // setting, HOSTBAY_NETWORK_MODE, HOSTBAY_EDGE, resolved
    [undefined, 'user', 'own', 'direct'],
    ['auto', 'user', 'own', 'direct'],
    ['auto', 'bridge', 'own', 'stream'],
    ['direct', 'user', 'own', 'direct'],
    ['stream', 'user', 'own', 'stream'],
    ['stream', 'bridge', 'system', 'stream'],
    ['off', 'user', 'own', 'off'],
    ['off', 'bridge', 'own', 'off'],
    // QEMU forwards whether nginx runs or not; a stream without nginx forwards nothing.
    ['direct', 'user', 'off', 'direct'],
    ['auto', 'user', 'off', 'direct'],
    ['stream', 'user', 'off', 'off'],
    ['auto', 'bridge', 'off', 'off'],
  ] as const)('%s with %s networking and HOSTBAY_EDGE=%s is %s', (setting, networkMode, edge, resolved) => {
    const env = { HOSTBAY_EDGE: edge, ...(setting === undefined ? {} : { HOSTBAY_SSH_FORWARD: setting }) };
    expect(readEdgeConfig(env, networkMode).sshForward).toBe(resolved);
  });

  it('resolves auto against HOSTBAY_NETWORK_MODE when the whole config loads', async () => {
    const user = await loadConfig({ HOSTBAY_DATA_DIR: await tempDir() });
    expect(user.edge).toMatchObject({ sshForward: 'direct', sshListenHost: '0.0.0.0' });
    const bridge = await loadConfig({ HOSTBAY_DATA_DIR: await tempDir(), HOSTBAY_NETWORK_MODE: 'bridge' });
    expect(bridge.edge.sshForward).toBe('stream');
  });

  it('refuses direct in bridge networking with one line naming both variables', async () => {
    const attempt = loadConfig({
      HOSTBAY_DATA_DIR: await tempDir(),
      HOSTBAY_NETWORK_MODE: 'bridge',
      HOSTBAY_SSH_FORWARD: 'direct',
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    const error = await attempt.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^HOSTBAY_SSH_FORWARD: expected auto, stream or off with HOSTBAY_NETWORK_MODE=bridge/,
    );
    expect(error?.message).toContain('direct needs HOSTBAY_NETWORK_MODE=user');
    expect(error?.message).toMatch(/\(got "direct"\)$/);
    expect(error?.message).not.toContain('\n');
  });

  it('refuses an unknown word, listing the four it takes', () => {
    expect(() => readEdgeConfig({ HOSTBAY_SSH_FORWARD: 'qemu' }, 'user')).toThrow(
      'HOSTBAY_SSH_FORWARD: expected one of auto, direct, stream, off (got "qemu")',
    );
  });
});
