import type { StandardResponse } from '@hostbay/contract/envelope';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** The API at the network level: tests add handlers with `server.use(...)`. */
export const server = setupServer();

/** Matches the API path on any origin (jsdom's is http://localhost:3000). */
export const apiPath = (path: string) => `*/api/v1${path}`;

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
