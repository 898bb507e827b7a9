import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, type ErrorResponse } from '@hostbay/contract/envelope';
import type { SetupProgress } from '../modules/setup/setup-progress.js';
import { renderSetupPage, setupLanguage, SETUP_REFRESH_SECONDS } from './setup-progress-page.js';

export const SETUP_STATUS_PATH = '/api/v1/setup/status';

export interface SetupPage {
  /** The port it listens on (the one asked for, or the one picked for port 0). */
  port: number;
  /**
   * Frees the port for the real server: stops listening and drops any
   * connection still open, so the next request reaches the API. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * What answers on Hostbay's port while `up` sets the host up (the first
 * start builds the guest image: minutes): the set-up page for a browser, and
 * a 503 envelope with Retry-After for the API, `GET /api/v1/setup/status`
 * carrying the progress. node:http rather than Fastify: it serves one page and
 * one JSON, and must be up within milliseconds of the process starting.
 */
export async function openSetupPage(
  progress: SetupProgress,
  where: { host: string; port: number },
): Promise<SetupPage> {
  const server = createServer((request, response) => answer(progress, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function answer(progress: SetupProgress, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://setup.invalid');
  const status = progress.status();
  const retry = { 'retry-after': String(SETUP_REFRESH_SECONDS), 'cache-control': 'no-store' };
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    const step = status.current ? `: ${status.current.label.toLowerCase()}` : '';
    const message =
      status.state === 'failed'
        ? `Hostbay's set-up stopped${step}: ${status.failure?.message ?? ''}`
        : `Hostbay is setting up${step}; try again in a few seconds.`;
    // The progress rides in the error's details: the envelope's data is null for every failure.
    const body: ErrorResponse = {
      success: false,
      message,
      data: null,
      error: { code: ErrorCode.unavailable, ...(url.pathname === SETUP_STATUS_PATH ? { details: status } : {}) },
    };
    send(response, 503, { ...retry, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));
    return;
  }
  if (url.pathname === '/favicon.ico') {
    send(response, 404, { 'cache-control': 'no-store' }, '');
    return;
  }
  const lang = setupLanguage(request.headers['accept-language'], url.searchParams.get('lang'));
  send(
    response,
    503,
    { ...retry, 'content-type': 'text/html; charset=utf-8', 'content-language': lang, vary: 'Accept-Language' },
    request.method === 'HEAD' ? '' : renderSetupPage(status, lang),
  );
}

function send(response: ServerResponse, code: number, headers: Record<string, string>, body: string): void {
  // No kept-alive connections: the next refresh opens a new one, which after the hand-over reaches the API.
  response.shouldKeepAlive = false;
  response.writeHead(code, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}
