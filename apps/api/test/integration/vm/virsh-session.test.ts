import { afterAll, describe, expect, it } from 'vitest';
import { VirshCommandError, VirshSession, VirshSessionError } from '../../../src/adapters/libvirt/virsh-session.js';

describe('VirshSession against test:///default', () => {
  const session = new VirshSession({ uri: 'test:///default' });
  afterAll(() => session.close());

  it('returns exactly the output of each command', async () => {
    expect((await session.run(['list', '--all', '--name'])).trim()).toBe('test');
    expect((await session.run(['domstate', 'test'])).trim()).toBe('running');
    const xml = await session.run(['dumpxml', 'test']);
    expect(xml.startsWith("<domain type='test'")).toBe(true);
    expect(xml.trimEnd().endsWith('</domain>')).toBe(true);
  });

  it('passes hostile arguments through virsh’s own parser unchanged', async () => {
    const words = [
      "it's",
      'a "quoted" word',
      'back\\slash\\',
      '#not a comment',
      'semi;colon',
      "''",
      '',
      'x'.repeat(700),
      '$(touch /tmp/hostbay-virsh-pwned)',
    ];
    for (const word of words) {
      expect(await session.run(['echo', word])).toBe(word);
    }
  });

  it('reports errors with a reason, and keeps working afterwards', async () => {
    const missing = await session.run(['dominfo', 'no-such-domain']).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(VirshCommandError);
    expect((missing as VirshCommandError).failure).toBe('not-found');
    const active = await session.run(['start', 'test']).catch((error: unknown) => error);
    expect((active as VirshCommandError).failure).toBe('already-active');
    expect((await session.run(['domstate', 'test'])).trim()).toBe('running');
  });

  it('keeps the test driver’s state across commands (one connection)', async () => {
    await session.run(['destroy', 'test']);
    expect((await session.run(['domstate', 'test'])).trim()).toBe('shut off');
    await session.run(['start', 'test']);
    expect((await session.run(['domstate', 'test'])).trim()).toBe('running');
  });

  it('serialises concurrent callers', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => session.run(['echo', `n${i}`])));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });

  it('rejects arguments readline would interpret', async () => {
    await expect(session.run(['echo', 'line\nbreak'])).rejects.toThrow(TypeError);
    await expect(session.run(['echo', 'tab\there'])).rejects.toThrow(TypeError);
    await expect(session.run(['echo', 'nön-ascii'])).rejects.toThrow(TypeError);
  });

  it('restarts after virsh dies', async () => {
    const dying = new VirshSession({ uri: 'test:///default' });
    await dying.run(['echo', 'up']);
    const quit = await dying.run(['quit']).catch((error: unknown) => error);
    expect(quit).toBeInstanceOf(VirshSessionError);
    expect(await dying.run(['echo', 'again'])).toBe('again');
    await dying.close();
  });

  it('times out a hung command and recovers', async () => {
    const slow = new VirshSession({ uri: 'test:///default' });
    // `event --timeout` blocks for the given seconds: a stand-in for a hung libvirt call.
    await expect(slow.run(['event', '--all', '--timeout', '5'], { timeoutMs: 300 })).rejects.toThrow(/no answer/);
    expect(await slow.run(['echo', 'alive'])).toBe('alive');
    await slow.close();
  });

  it('is fast enough to call per request', async () => {
    const started = performance.now();
    for (let i = 0; i < 50; i++) await session.run(['domstate', 'test']);
    expect((performance.now() - started) / 50).toBeLessThan(20);
  });
});
