import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../../src/http/audit-trail.js';
import { signedUpUser } from '../../support/factories.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startContractServer, type ContractServer } from './contract-server.js';

type Role = 'anonymous' | 'member' | 'suspended' | 'admin';
const ROLES: readonly Role[] = ['anonymous', 'member', 'suspended', 'admin'];

/** What each role gets from a route of each access: a status that refuses, or `passes` (anything but 401/403). */
const EXPECTED: Record<RouteAccess, Record<Role, 401 | 403 | 'passes'>> = {
  public: { anonymous: 'passes', member: 'passes', suspended: 'passes', admin: 'passes' },
  user: { anonymous: 401, member: 'passes', suspended: 401, admin: 'passes' },
  admin: { anonymous: 401, member: 403, suspended: 401, admin: 'passes' },
  // The contract server asks from 127.0.0.1 with HOSTBAY_METRICS=loopback (the default): a login changes nothing,
  // neither a member's nor a suspended one's. A remote client is refused below, whatever its role.
  metrics: { anonymous: 'passes', member: 'passes', suspended: 'passes', admin: 'passes' },
};

/** Routes that are not the API's own: the dashboard's files and the OpenAPI viewer. /metrics is the API's. */
function isApiRoute(route: RouteOptions): boolean {
  return (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs')) || route.url === '/metrics';
}

function methodsOf(route: RouteOptions): string[] {
  return [route.method].flat().filter((method) => method !== 'HEAD');
}

/** A concrete URL for a route: every parameter gets a value that names nothing. */
function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000');
}

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  'the role matrix, generated from the route table (%s)',
  (_, kind) => {
    let t: ContractServer;
    const authorization: Partial<Record<Role, string>> = {};

    beforeAll(async () => {
      t = await startContractServer(kind);
      const app = t.hostbay.app;
      const member = await signedUpUser(app);
      const admin = await signedUpUser(app);
      const suspended = await signedUpUser(app);
      await t.hostbay.users.setAdmin(admin.userId, true);
      await t.hostbay.users.setStatus(suspended.userId, 'suspended', 'testing the matrix');
      authorization.member = `Bearer ${member.token}`;
      authorization.admin = `Bearer ${admin.token}`;
      authorization.suspended = `Bearer ${suspended.token}`;
    });
    afterAll(() => t?.close());

    const apiRoutes = () => t.hostbay.app.routeTable.filter(isApiRoute);

    it('knows who may call every API route, and what every state-changing one is audited as', () => {
      const routes = apiRoutes();
      expect(routes.length).toBeGreaterThan(5);
      const withoutAccess = routes.filter((route) => route.config?.access === undefined).map((r) => r.url);
      expect(withoutAccess).toEqual([]);
      const unaudited = routes
        .filter((route) => methodsOf(route).some((method) => method !== 'GET'))
        .filter((route) => route.config?.audit === undefined)
        .map((route) => `${methodsOf(route).join(',')} ${route.url}`);
      expect(unaudited).toEqual([]);
    });

    it('gives every role exactly what its access allows, on every route', async () => {
      const seen: string[] = [];
      const wrong: string[] = [];
      for (const route of apiRoutes()) {
        const access = route.config!.access!;
        const streams = JSON.stringify(route.schema?.produces ?? []).includes('text/event-stream');
        for (const method of methodsOf(route)) {
          for (const role of ROLES) {
            const expected = EXPECTED[access][role];
            // An event stream that is allowed would stay open: its refusals are what this test checks.
            if (streams && expected === 'passes') continue;
            const headers: Record<string, string> = {};
            if (authorization[role as Exclude<Role, 'anonymous'>])
              headers.authorization = authorization[role as Exclude<Role, 'anonymous'>]!;
            // A JSON array fits no body schema: a route that lets the caller in refuses the body, and does nothing.
            const withBody = method !== 'GET' && method !== 'DELETE';
            const answer = await t.hostbay.app.inject({
              method: method as 'GET',
              url: concreteUrl(route.url),
              headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
              ...(withBody ? { payload: '[]' } : {}),
            });
            const got = answer.statusCode;
            const ok = expected === 'passes' ? got !== 401 && got !== 403 && got < 500 : got === expected;
            seen.push(`${method} ${route.url} ${role}`);
            if (!ok) wrong.push(`${method} ${route.url} as ${role}: ${got}, expected ${expected}: ${answer.body}`);
            if (role === 'suspended' && expected === 401) {
              expect(answer.json().error.code, `${method} ${route.url}`).toBe('account_suspended');
            }
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(seen.length).toBeGreaterThan(20);
    });

    it('refuses a metrics route to a client that is not on this machine, whatever its role', async () => {
      const scraped = apiRoutes().filter((route) => route.config?.access === 'metrics' && methodsOf(route).length > 0);
      expect(scraped.map((route) => route.url)).toEqual(['/metrics']);
      for (const route of scraped) {
        for (const role of ROLES) {
          const answer = await t.hostbay.app.inject({
            method: 'GET',
            url: route.url,
            remoteAddress: '203.0.113.9',
            headers: role === 'anonymous' ? {} : { authorization: authorization[role]! },
          });
          expect(answer.statusCode, `${route.url} as ${role}`).toBe(403);
          expect(answer.json().error.code).toBe('forbidden');
        }
      }
    });
  },
);
