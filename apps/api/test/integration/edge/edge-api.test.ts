import { PAYLOAD_TOO_LARGE_RESPONSE } from '@hostbay/contract/envelope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Harness } from '../hosting/harness.js';
import { requestViaEdge, startEchoServer, type EdgeRequest } from './edge-helpers.js';

const BODY_LIMIT = 65_536;
const LOGINS_PER_ADDRESS = 3;

/** A JSON login body of exactly `bytes` bytes; its password is too long, so the API answers 422 if it reads it. */
function loginBody(bytes: number): string {
  const empty = JSON.stringify({ email: 'nobody@example.org', password: '' });
  return JSON.stringify({ email: 'nobody@example.org', password: 'x'.repeat(bytes - empty.length) });
}

/** Wrong-password logins through the edge, one per X-Forwarded-For address given; their statuses. */
async function failedLogins(edgePort: number, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const address of forwardedFor) {
    const answer = await requestViaEdge(edgePort, {
      method: 'POST',
      host: 'localhost',
      path: '/api/v1/auth/login',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
      body: JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }),
    });
    statuses.push(answer.status);
  }
  return statuses;
}

/** Hostbay with its real nginx edge in front of the real API (SQLite; the edge does not care which database). */
describe('the edge in front of the API', () => {
  let h: Harness;
  let edgePort: number;
  let token: string;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    h = await startHarness(
      DATABASE_KINDS[0]!,
      {
        HOSTBAY_BODY_LIMIT: String(BODY_LIMIT),
        HOSTBAY_LOGIN_LIMIT_PER_IP: `${LOGINS_PER_ADDRESS}/1h`,
        HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '1000/1h',
      },
      2,
    );
    edgePort = h.config.server.port;
    token = (await h.newUser()).auth.authorization.slice('Bearer '.length);
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await h?.close();
  });

  const viaEdge = (request: Omit<EdgeRequest, 'host'> & { host?: string }) =>
    requestViaEdge(edgePort, { host: 'localhost', ...request });
  const json = { 'Content-Type': 'application/json' };

  it.each([
    ['POST', '/api/v1/auth/register', false],
    ['POST', '/api/v1/auth/login', false],
    ['POST', '/api/v1/hosting', true],
    ['POST', '/api/v1/hosting/my/actions', true],
    ['PUT', '/api/v1/no/such/route', false],
    ['POST', '/', false],
  ])('answers a body over the limit to %s %s with 413 in the envelope, as JSON', async (method, path, signedIn) => {
    const headers = signedIn ? { ...json, Authorization: `Bearer ${token}` } : json;
    // One byte over, and far over: the API, left to refuse a large body itself, closed while nginx still
    // sent it, and the client got nginx's HTML 502.
    for (const bytes of [BODY_LIMIT + 1, 32 * BODY_LIMIT]) {
      for (const chunked of [false, true]) {
        const answer = await viaEdge({ method, path, headers, body: loginBody(bytes), chunked });
        expect(answer.status, `${bytes} bytes, chunked: ${chunked}`).toBe(413);
        expect(answer.contentType).toBe('application/json');
        expect(JSON.parse(answer.body)).toEqual(PAYLOAD_TOO_LARGE_RESPONSE);
      }
    }
  });

  it('passes a body of exactly the limit to the API, which reads it', async () => {
    for (const chunked of [false, true]) {
      const answer = await viaEdge({
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: json,
        body: loginBody(BODY_LIMIT),
        chunked,
      });
      expect(answer.status, answer.body).toBe(422);
      expect(JSON.parse(answer.body)).toMatchObject({
        success: false,
        error: { code: 'validation_error', details: [{ field: 'password' }], request_id: expect.any(String) },
      });
    }
  });

  it("keys the API's per-address login limit on the client's address, whatever X-Forwarded-For it sends", async () => {
    // A new address each time: were the header passed on, each attempt would count for another client.
    const statuses = await failedLogins(edgePort, ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']);
    expect(statuses).toEqual([...Array<number>(LOGINS_PER_ADDRESS).fill(401), 429]);
  });

  it("gives a member's site larger bodies than the API's, and the client's own address", async () => {
    const site = await startEchoServer();
    closers.push(site.close);
    const username = 'echo';
    await h.hosting.proxy.addProxyRule({
      username,
      webTarget: { host: '127.0.0.1', port: site.port },
      sshListenPort: h.config.hosting.publicSshPorts.last,
      sshTarget: { host: '127.0.0.1', port: 22 },
    });
    const upload = 'u'.repeat(4 * BODY_LIMIT);
    for (const chunked of [false, true]) {
      const answer = await viaEdge({
        method: 'POST',
        host: `${username}.localhost`,
        path: '/upload',
        headers: { 'X-Forwarded-For': '203.0.113.7' },
        body: upload,
        chunked,
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ bytes: upload.length, forwardedFor: '127.0.0.1' });
    }
    await h.hosting.proxy.removeProxyRule(username);
  });
});

/** A TLS terminator on this host in front of the edge (here the test itself, connecting from 127.0.0.1). */
describe('the edge behind a proxy of HOSTBAY_EDGE_REAL_IP_FROM', () => {
  let h: Harness;
  let edgePort: number;
  let site: Awaited<ReturnType<typeof startEchoServer>>;

  beforeAll(async () => {
    h = await startHarness(
      DATABASE_KINDS[0]!,
      {
        HOSTBAY_EDGE_REAL_IP_FROM: '127.0.0.1',
        HOSTBAY_LOGIN_LIMIT_PER_IP: `${LOGINS_PER_ADDRESS}/1h`,
        HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '1000/1h',
      },
      2,
    );
    edgePort = h.config.server.port;
    site = await startEchoServer();
  });
  afterAll(async () => {
    await site?.close();
    await h?.close();
  });

  it('keys the login limit on the address that proxy forwarded, the last one in the header', async () => {
    const members = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
    expect(await failedLogins(edgePort, members)).toEqual([401, 401, 401, 401]);
    // The proxy appends what it saw to what its client claimed: only its own entry counts.
    const claims = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'];
    const statuses = await failedLogins(
      edgePort,
      claims.map((claim) => `${claim}, 203.0.113.9`),
    );
    expect(statuses).toEqual([...Array<number>(LOGINS_PER_ADDRESS).fill(401), 429]);
  });

  it("passes that address to a member's site", async () => {
    await h.hosting.proxy.addProxyRule({
      username: 'echo',
      webTarget: { host: '127.0.0.1', port: site.port },
      sshListenPort: h.config.hosting.publicSshPorts.last,
      sshTarget: { host: '127.0.0.1', port: 22 },
    });
    const answer = await requestViaEdge(edgePort, {
      method: 'GET',
      host: 'echo.localhost',
      path: '/',
      headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' },
    });
    expect(JSON.parse(answer.body)).toEqual({ bytes: 0, forwardedFor: '203.0.113.7' });
  });
});
