import http from 'node:http';
import { webTargetOf } from './hosting-context.js';
import type { HostingRecord } from './hosting.types.js';
import type { SiteProbe } from './hosting.ports.js';

export interface EdgeAddress {
  /** Where the edge listens, from this host: 127.0.0.1 and HOSTBAY_PORT. */
  host: string;
  port: number;
  baseDomain: string;
}

interface Target {
  host: string;
  port: number;
  hostHeader: string;
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

function get(target: Target, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: target.host, port: target.port, path: '/', headers: { host: target.hostHeader }, signal, timeout: 5000 },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
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
    return probeUntilOk({ host: this.edge.host, port: this.edge.port, hostHeader }, signal, this.retryMs);
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
