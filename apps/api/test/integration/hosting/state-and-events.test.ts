import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../src/modules/hosting/hosting-state.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';

/** Reads server-sent `hosting` events until `until` says stop; returns the statuses seen. */
function collectEvents(
  port: number,
  path: string,
  until: (statuses: (string | null)[]) => boolean,
  timeoutMs = 30_000,
): Promise<(string | null)[]> {
  return new Promise((resolve, reject) => {
    const statuses: (string | null)[] = [];
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`events so far: ${statuses.join(', ')}`));
    }, timeoutMs);
    const request = http.get({ host: '127.0.0.1', port, path }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
      expect(res.headers['content-type']).toContain('text/event-stream');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-cache, no-transform');
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (!block.includes('event: hosting') || !data) continue;
          statuses.push((JSON.parse(data.slice(6)) as { hosting: { status: string } | null }).hosting?.status ?? null);
          if (until(statuses)) {
            clearTimeout(timer);
            request.destroy();
            resolve(statuses);
          }
        }
      });
    });
    request.on('error', (error) => statuses.length || reject(error));
  });
}

describe.each(DATABASE_KINDS)('state changes and live events on $name', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(() => h.close());

  it('refuses an illegal transition and leaves the row as it was', async () => {
    const user = await h.newUser();
    await h.api('POST', '', user.auth, {});
    const running = await h.waitForStatus(user.auth, ['RUNNING']);
    const repo = h.hosting.stores.hostings;
    await expect(repo.transition(running.id, 'RUNNING', 'CREATING')).rejects.toThrow(IllegalTransitionError);
    // A stale "from" changes nothing either.
    expect(await repo.transition(running.id, 'STOPPED', 'STARTING')).toBeUndefined();
    expect((await h.api('GET', '/my', user.auth)).body.data?.status).toBe('RUNNING');
    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    await h.leakAudit();
  });

  it('streams state changes to the owner, authenticated by the token in the query', async () => {
    const user = await h.newUser();
    const token = user.auth.authorization.slice('Bearer '.length);
    const { port } = h.hostbay.listen;
    await expect(collectEvents(port, '/api/v1/hosting/my/events', () => true, 3000)).rejects.toThrow(/HTTP 401/);
    const stream = collectEvents(port, `/api/v1/hosting/my/events?access_token=${token}`, (s) => s.includes('RUNNING'));
    await new Promise((r) => setTimeout(r, 200));
    await h.api('POST', '', user.auth, {});
    const statuses = await stream;
    expect(statuses[0]).toBeNull();
    expect(statuses).toContain('CREATING');
    expect(statuses.at(-1)).toBe('RUNNING');
    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    await h.leakAudit();
  });
});
