import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { FetchHttpProbe } from '../../../src/adapters/image/fetch-http-probe.js';
import { MirrorUnreachableError } from '../../../src/modules/image/image.errors.js';
import { checkMirror } from '../../../src/modules/image/mirror-check.js';

/** A port on 127.0.0.1 that nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mirror check over real HTTP', () => {
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
});
