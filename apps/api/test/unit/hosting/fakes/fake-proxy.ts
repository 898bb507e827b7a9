import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError } from '../../../../src/errors.js';
import type { ProxyPort, SiteProbe } from '../../../../src/modules/hosting/hosting.ports.js';
import type { HostingRecord } from '../../../../src/modules/hosting/hosting.types.js';
import { parseRoute, parseUsername, type ProxyRoute } from '../../../../src/modules/proxy/route.js';
import { Faults } from './faults.js';
import type { FakeVm } from './fake-vm.js';

export type ProxyMethod = keyof ProxyPort;

/**
 * The edge's routes in memory, with ProxyService's contract: routes are
 * validated, re-adding a username replaces its route, removing an unknown one
 * succeeds, and a route may not take another's SSH port or web endpoint.
 */
export class FakeProxy implements ProxyPort {
  readonly routes = new Map<string, ProxyRoute>();
  readonly faults: Faults<ProxyMethod>;

  constructor(journal?: string[]) {
    this.faults = new Faults<ProxyMethod>('proxy', journal);
  }

  async addProxyRule(input: ProxyRoute): Promise<void> {
    const route = parseRoute(input);
    await this.faults.enter('addProxyRule', route.username);
    const conflict = findConflict(this.routes.values(), route);
    if (conflict) throw conflict;
    this.routes.set(route.username, route);
  }

  async removeProxyRule(input: string): Promise<void> {
    const username = parseUsername(input);
    await this.faults.enter('removeProxyRule', username);
    this.routes.delete(username);
  }

  async listRoutes(): Promise<ProxyRoute[]> {
    await this.faults.enter('listRoutes', '');
    return [...this.routes.values()].map((route) => structuredClone(route));
  }

  async syncRoutes(input: readonly ProxyRoute[]): Promise<void> {
    const routes = input.map((route) => parseRoute(route));
    await this.faults.enter('syncRoutes', '');
    const next = new Map<string, ProxyRoute>();
    for (const route of routes) {
      const conflict = findConflict(next.values(), route);
      if (conflict) throw conflict;
      next.set(route.username, route);
    }
    this.routes.clear();
    for (const [username, route] of next) this.routes.set(username, route);
  }

  usernames(): string[] {
    return [...this.routes.keys()].sort();
  }
}

function findConflict(routes: Iterable<ProxyRoute>, route: ProxyRoute): ConflictError | undefined {
  for (const other of routes) {
    if (other.username === route.username) continue;
    if (other.sshListenPort === route.sshListenPort)
      return new ConflictError(`SSH port ${route.sshListenPort} is already routed to ${other.username}.`);
    if (other.webTarget.host === route.webTarget.host && other.webTarget.port === route.webTarget.port)
      return new ConflictError(`Web endpoint is already routed to ${other.username}.`);
  }
  return undefined;
}

/**
 * A visitor's view: the site answers when the edge routes its name to the
 * VM's web endpoint and that VM runs; otherwise the probe keeps asking until
 * the step's signal ends it, as EdgeSiteProbe does.
 */
export class FakeSiteProbe implements SiteProbe {
  readonly faults: Faults<'probe'>;

  constructor(
    private readonly proxy: FakeProxy,
    private readonly vm: FakeVm,
    journal?: string[],
  ) {
    this.faults = new Faults<'probe'>('probe', journal);
  }

  async probe(hosting: HostingRecord, signal: AbortSignal): Promise<void> {
    await this.faults.enter('probe', hosting.id);
    for (;;) {
      if (this.answers(hosting)) return;
      if (signal.aborted) throw new Error('the site did not answer (no answer yet)');
      await sleep(2);
    }
  }

  private answers(hosting: HostingRecord): boolean {
    const route = this.proxy.routes.get(hosting.username);
    const domain = this.vm.domains.get(hosting.id);
    return (
      route !== undefined &&
      domain !== undefined &&
      this.vm.answers(hosting.id) &&
      route.webTarget.host === domain.endpoints.webHost &&
      route.webTarget.port === domain.endpoints.webPort
    );
  }
}
