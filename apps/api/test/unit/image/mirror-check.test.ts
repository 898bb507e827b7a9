import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { MirrorUnreachableError } from '../../../src/modules/image/image-errors.js';
import { checkMirror, FetchHttpProbe, type HttpProbe } from '../../../src/modules/image/mirror-check.js';

/** A port on 127.0.0.1 that nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mirror check', () => {
  it('fails fast with one line naming the mirror and the setting when nothing listens', async () => {
    const mirror = `http://127.0.0.1:${await closedPort()}/debian`;
    const started = Date.now();
    const error = await checkMirror(new FetchHttpProbe(), mirror, 'bookworm', 5000).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(MirrorUnreachableError);
    const message = (error as Error).message;
    expect(message).toContain(mirror);
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
