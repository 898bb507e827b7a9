import http from 'node:http';
import https from 'node:https';
import { webTargetOf } from './hosting-context.js';
import type { HostingRecord } from './hosting.types.js';
import type { SiteProbe } from './hosting.ports.js';

export interface EdgeAddress {
  /** Where the edge listens, from this host: 127.0.0.1 and HOSTBAY_PORT. */
  host: string;
  port: number;
  baseDomain: string;
  /** The edge's HTTPS port (HOSTBAY_TLS): a site with a certificate redirects there, and is probed there. */
  tlsPort?: number;
}

interface Target {
  host: string;
  port: number;
  hostHeader: string;
  tlsPort?: number;
}

/** GETs `/` until it answers 200 or the step's signal ends the wait. */
async function probeUntilOk(target: Target, signal: AbortSignal, retryMs: number): Promise<void> {
  let last = 'no answer yet';
  while (!signal.aborted) {
    try {
      const status = await get(target, signal);
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  throw new Error(`the site did not answer (${last})`);
}

async function get(target: Target, signal: AbortSignal): Promise<number> {
  const answer = await request(
    http,
    { host: target.host, port: target.port, headers: { host: target.hostHeader } },
    signal,
  );
  // A site with a certificate redirects plain HTTP: the visitor lands on HTTPS, so probe there. The
  // certificate itself is not what this step proves (the keeper's), so it is not checked here.
  if (target.tlsPort !== undefined && answer.status === 308 && answer.location?.startsWith('https://')) {
    const secure = await request(
      https,
      {
        host: target.host,
        port: target.tlsPort,
        headers: { host: target.hostHeader },
        servername: target.hostHeader,
        rejectUnauthorized: false,
      },
      signal,
    );
    return secure.status;
  }
  return answer.status;
}

function request(
  client: typeof http | typeof https,
  options: https.RequestOptions,
  signal: AbortSignal,
): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const sent = client.get({ ...options, path: '/', signal, timeout: 5000, agent: false }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location });
    });
    sent.on('timeout', () => sent.destroy(new Error('timed out')));
    sent.on('error', reject);
  });
}

/**
 * Asks the edge for `<username>.<base-domain>/` the way a visitor's browser
 * would, by Host header (Node cannot resolve *.localhost names).
 */
export class EdgeSiteProbe implements SiteProbe {
  constructor(
    private readonly edge: EdgeAddress,
    private readonly retryMs = 250,
  ) {}

  probe(hosting: HostingRecord, signal: AbortSignal): Promise<void> {
    const hostHeader = `${hosting.username}.${this.edge.baseDomain}`;
    const { host, port, tlsPort } = this.edge;
    return probeUntilOk({ host, port, hostHeader, ...(tlsPort ? { tlsPort } : {}) }, signal, this.retryMs);
  }
}

/** Without an edge (HOSTBAY_EDGE=off) the site is the VM's own web endpoint. */
export class DirectSiteProbe implements SiteProbe {
  constructor(private readonly retryMs = 250) {}

  probe(hosting: HostingRecord, signal: AbortSignal): Promise<void> {
    const { host, port } = webTargetOf(hosting);
    return probeUntilOk({ host, port, hostHeader: `${host}:${port}` }, signal, this.retryMs);
  }
}
