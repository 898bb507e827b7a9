import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../../src/modules/auth/token.service.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';
import { openStream, type OpenStream } from './sse-client.js';

const STREAMS_PER_USER = 2;

/** Hostbay with its real edge; the streams go through nginx, as the dashboard's do. */
describe('event streams end with their session and are capped per user', () => {
  let h: Harness;
  let edgePort: number;
  const streams: OpenStream[] = [];
  const open = async (token: string) => {
    const stream = await openStream(edgePort, token);
    streams.push(stream);
    return stream;
  };
  const tokenOf = (user: { auth: { authorization: string } }) => user.auth.authorization.slice('Bearer '.length);
  const firstEvent = (stream: OpenStream) =>
    expect.poll(() => stream.events.length, { timeout: 5000 }).toBeGreaterThan(0);

  beforeAll(async () => {
    h = await startHarness(DATABASE_KINDS[0]!, { HOSTBAY_EVENT_STREAMS_PER_USER: String(STREAMS_PER_USER) }, 2);
    edgePort = h.config.server.port;
  });
  afterAll(async () => {
    for (const stream of streams) stream.leave();
    await h?.close();
  });

  it("ends the stream at the token's expiry, within a second, saying why", async () => {
    const user = await h.newUser();
    const shortLived = new TokenService({
      secret: h.config.auth.jwtSecret,
      issuer: h.config.auth.issuer,
      audience: h.config.auth.audience,
      ttlSeconds: 2,
    });
    const { token } = await shortLived.createAccessToken({ id: user.id, tokenVersion: 0 });
    const expiresAt = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    const stream = await open(token);
    expect(stream.status).toBe(200);
    await firstEvent(stream);

    const closedAt = await stream.closed;
    expect(closedAt - expiresAt * 1000).toBeGreaterThanOrEqual(0);
    expect(closedAt - expiresAt * 1000).toBeLessThan(1000);
    expect(stream.events.at(-1)).toEqual({ event: 'end', data: { reason: 'session_expired' } });
  });

  it('ends the stream when its user is deleted', async () => {
    const user = await h.newUser();
    const stream = await open(tokenOf(user));
    await firstEvent(stream);
    await h.hostbay.users.delete(user.id);
    const deletedAt = Date.now();
    expect((await stream.closed) - deletedAt).toBeLessThan(7000);
    expect(stream.events.at(-1)).toEqual({ event: 'end', data: { reason: 'account_unavailable' } });
  });

  it(`refuses a user's stream beyond ${STREAMS_PER_USER} with 429 and Retry-After, and takes one again when one closes`, async () => {
    const user = await h.newUser();
    const token = tokenOf(user);
    const held = [await open(token), await open(token)];
    expect(held.map((stream) => stream.status)).toEqual([200, 200]);

    const refused = await open(token);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(await refused.body)).toMatchObject({
      success: false,
      data: null,
      error: { code: 'rate_limited', request_id: expect.any(String) },
    });

    // Another user's streams are their own.
    expect((await open(tokenOf(await h.newUser()))).status).toBe(200);

    held[0]!.leave();
    await expect
      .poll(
        async () => {
          const next = await open(token);
          if (next.status !== 200) await next.closed;
          return next.status;
        },
        { timeout: 5000, interval: 100 },
      )
      .toBe(200);
  });
});
