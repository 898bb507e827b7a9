import type { StandardResponse } from '@hostbay/contract/envelope';
import type { SignupInfo } from '@hostbay/contract/signup';
import type { SnapshotList } from '@hostbay/contract/snapshot';
import type { DomainList } from '@hostbay/contract/tls';
import type { HostingUsage } from '@hostbay/contract/usage';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** Matches the API path on any origin (jsdom's is http://localhost:3000). */
export const apiPath = (path: string) => `*/api/v1${path}`;

/** Anyone may sign up, unless a test says otherwise. */
const OPEN_SIGNUP: SignupInfo = { mode: 'open', email_domains: [], invitation: null, site_domain: 'example.org' };

/** No domains yet: the hosting page's domains card asks for them whenever a hosting is shown. */
const NO_DOMAINS: DomainList = { items: [], limit: 5 };

/** No snapshots yet: the snapshots card asks for them whenever a hosting is shown. */
const NO_SNAPSHOTS: SnapshotList = { items: [], limit: 3 };

/** No readings yet: the usage card asks for them whenever a hosting is shown. */
const NO_USAGE: HostingUsage = { range: '1h', resolution_seconds: 10, vcpus: 1, memory_bytes: 1024 ** 3, points: [] };

/** The API at the network level: tests add handlers with `server.use(...)`; these few are always there. */
export const server = setupServer(
  http.get(apiPath('/auth/signup'), () => ok(OPEN_SIGNUP)),
  http.get(apiPath('/hosting/my/domains'), () => ok(NO_DOMAINS)),
  http.get(apiPath('/hosting/my/snapshots'), () => ok(NO_SNAPSHOTS)),
  http.get(apiPath('/hosting/my/usage'), () => ok(NO_USAGE)),
);

export function ok<T>(data: T, status = 200, message = 'OK') {
  const body: StandardResponse<T> = { success: true, message, data, error: null };
  return HttpResponse.json(body, { status });
}

export function fail(
  status: number,
  code: string,
  message: string,
  options: { details?: unknown; headers?: Record<string, string> } = {},
) {
  const body: StandardResponse<null> = {
    success: false,
    message,
    data: null,
    error: { code, ...(options.details !== undefined && { details: options.details }), request_id: 'req-test' },
  };
  return HttpResponse.json(body, { status, ...(options.headers && { headers: options.headers }) });
}
