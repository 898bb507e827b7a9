import { describe, expect, it } from 'vitest';
import { MirrorUnreachableError } from '../../../src/modules/image/image.errors.js';
import type { HttpProbe } from '../../../src/modules/image/image.ports.js';
import { checkMirror } from '../../../src/modules/image/mirror-check.js';

describe('mirror check', () => {
  it('names a refused connection in one line, with the mirror and the setting to change', async () => {
    // What fetch rejects with when nothing listens: the socket error is its `cause`.
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    const probe: HttpProbe = { head: () => Promise.reject(refused) };
    const error = await checkMirror(probe, 'http://127.0.0.1:9/debian', 'bookworm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MirrorUnreachableError);
    const message = (error as Error).message;
    expect(message).toContain('http://127.0.0.1:9/debian');
    expect(message).toContain('connection refused');
    expect(message).toContain('HOSTBAY_IMAGE_MIRROR');
    expect(message).not.toContain('\n');
  });

  it('asks for the suite Release file and accepts a 200', async () => {
    const asked: string[] = [];
    const probe: HttpProbe = { head: async (url) => (asked.push(url), { status: 200 }) };
    await expect(checkMirror(probe, 'http://mirror.test/debian', 'bookworm')).resolves.toBeUndefined();
    expect(asked).toEqual(['http://mirror.test/debian/dists/bookworm/Release']);
  });

  it('says which setting is wrong when the mirror lacks the suite', async () => {
    const probe: HttpProbe = { head: async () => ({ status: 404 }) };
    await expect(checkMirror(probe, 'http://mirror.test/debian', 'bookwurm')).rejects.toThrow(
      /bookwurm.*HOSTBAY_IMAGE_SUITE/,
    );
  });

  it('reports a timeout as no answer', async () => {
    const probe: HttpProbe = {
      head: () =>
        Promise.reject(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })),
    };
    await expect(checkMirror(probe, 'http://mirror.test/debian', 'bookworm', 3000)).rejects.toThrow(
      /no answer within 3 s/,
    );
  });
});
