import { ConflictError } from '../../errors.js';
import type { EdgeNginx } from './proxy.ports.js';
import { BatchQueue } from './batch-queue.js';
import type { ApplyTimings, EdgeApplier } from './edge-applier.js';
import {
  NO_EDGE_NAMES,
  parseEdgeNames,
  parseRoute,
  parseUsername,
  sameEdgeNames,
  sameRoute,
  type EdgeNames,
  type ProxyRoute,
} from './route.js';

type Op =
  | { kind: 'add'; route: ProxyRoute }
  | { kind: 'remove'; username: string }
  | { kind: 'sync'; routes: ProxyRoute[] }
  /** Replaces members' domains and the names with certificates. */
  | { kind: 'names'; names: EdgeNames }
  /** Re-render, validate and reload even when no route changed (start-up, a restarted nginx, an explicit reload). */
  | { kind: 'refresh' };

export interface ProxyServiceLogger {
  info(detail: Record<string, unknown>, message: string): void;
  warn(detail: Record<string, unknown>, message: string): void;
  error(detail: Record<string, unknown>, message: string): void;
}

export interface ProxyServiceOptions {
  mode: 'own' | 'system' | 'off';
  applier: EdgeApplier;
  /** The nginx to supervise; undefined when the edge is off. */
  nginx: EdgeNginx | undefined;
  /** Changes arriving within this window share one reload. */
  coalesceMs: number;
  /** How often to check that Hostbay's own nginx is still alive (0: never). */
  superviseIntervalMs: number;
  /** Ports the edge itself listens on, which no SSH forward may take. */
  reservedPorts: readonly number[];
  logger?: ProxyServiceLogger;
}

export interface EdgeStatus {
  mode: 'own' | 'system' | 'off';
  running: boolean;
  /** The config generation nginx serves. */
  generation: number | undefined;
  routes: number;
  /** Reload signals sent since start (restores included). */
  reloads: number;
  /** Times the supervisor found nginx dead and started it again. */
  restarts: number;
  /** Where the last successful apply spent its time. */
  lastApply: ApplyTimings | undefined;
}

/**
 * The edge: which `<username>.<base-domain>` goes to which VM web endpoint,
 * and which public SSH port to which VM. It holds the route set and is the
 * only writer of the nginx config. Calls are serialized and bursts are
 * coalesced into one reload; each call resolves once a reload that includes
 * its change is live, or rejects (with the previous config restored).
 */
export class ProxyService {
  private routes = new Map<string, ProxyRoute>();
  private names: EdgeNames = NO_EDGE_NAMES;
  private readonly queue: BatchQueue<Op>;
  private supervisor: NodeJS.Timeout | undefined;
  private restarts = 0;
  private started = false;
  private stopping = false;

  constructor(private readonly options: ProxyServiceOptions) {
    this.queue = new BatchQueue((ops) => this.applyBatch(ops), options.coalesceMs);
  }

  /**
   * Loads the routes of the live generation left by a previous run, renders
   * them anew (settings may have changed), and starts or reloads nginx. Call
   * `syncRoutes` with the database's routes afterwards.
   */
  async start(): Promise<void> {
    if (this.started) return;
    for (const route of await this.options.applier.readLiveRoutes()) this.routes.set(route.username, route);
    this.names = await this.options.applier.readLiveNames();
    this.started = true;
    this.stopping = false;
    await this.queue.enqueue({ kind: 'refresh' });
    if (this.options.nginx?.kind === 'own' && this.options.superviseIntervalMs > 0) {
      this.supervisor = setInterval(() => void this.supervise(), this.options.superviseIntervalMs);
      this.supervisor.unref();
    }
  }

  /** Waits for pending changes, then stops Hostbay's own nginx gracefully (QUIT). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.supervisor);
    this.supervisor = undefined;
    await this.queue.idle();
    await this.options.nginx?.stop();
    this.started = false;
  }

  /** Routes `<username>.<base-domain>` and the SSH port. Re-adding a username replaces its route. */
  addProxyRule(route: ProxyRoute): Promise<void> {
    return this.enqueue(() => ({ kind: 'add', route: parseRoute(route) }));
  }

  /** Removes a username's route; removing an unknown username succeeds (deletes are idempotent). */
  removeProxyRule(username: string): Promise<void> {
    return this.enqueue(() => ({ kind: 'remove', username: parseUsername(username) }));
  }

  /** Replaces the whole route set, e.g. with the database's view at start-up. */
  syncRoutes(routes: readonly ProxyRoute[]): Promise<void> {
    return this.enqueue(() => ({ kind: 'sync', routes: routes.map((r) => parseRoute(r)) }));
  }

  /**
   * Replaces members' own domains (aliases of their sites) and the names served over HTTPS with their
   * certificate files. Renewing a certificate in place needs no call: nginx reads the file per handshake.
   */
  setNames(names: EdgeNames): Promise<void> {
    return this.enqueue(() => ({ kind: 'names', names: parseEdgeNames(names) }));
  }

  /** What the live generation serves besides routes. */
  currentNames(): EdgeNames {
    return this.names;
  }

  /** The seed's `testAndReloadNginx`: re-render, `nginx -t`, reload; the old config stays on failure. */
  testAndReloadNginx(): Promise<void> {
    return this.enqueue(() => ({ kind: 'refresh' }));
  }

  /** What the live generation on disk routes (for audits against the database). */
  listRoutes(): Promise<ProxyRoute[]> {
    return this.options.applier.readLiveRoutes();
  }

  async status(): Promise<EdgeStatus> {
    return {
      mode: this.options.mode,
      running: (await this.options.nginx?.isRunning()) ?? false,
      generation: this.options.applier.generation,
      routes: this.routes.size,
      reloads: this.options.applier.reloads,
      restarts: this.restarts,
      lastApply: this.options.applier.lastTimings,
    };
  }

  private enqueue(build: () => Op): Promise<void> {
    let op: Op;
    try {
      // Validation errors reject this caller alone, before anything is queued.
      op = build();
    } catch (error) {
      return Promise.reject(error);
    }
    if (!this.started) return Promise.reject(new Error('ProxyService.start() has not been called'));
    return this.queue.enqueue(op);
  }

  private async applyBatch(ops: readonly Op[]): Promise<(Error | undefined)[]> {
    const next = new Map(this.routes);
    const outcomes = ops.map((op) => this.fold(next, op));
    const refresh = ops.some((op) => op.kind === 'refresh');
    const names = ops.reduce((latest, op) => (op.kind === 'names' ? op.names : latest), this.names);
    if (!refresh && sameRoutes(this.routes, next) && sameEdgeNames(this.names, names)) return outcomes;
    await this.options.applier.apply([...next.values()], names);
    this.routes = next;
    this.names = names;
    return outcomes;
  }

  /** Applies one operation to the candidate set; a conflict rejects that operation only. */
  private fold(next: Map<string, ProxyRoute>, op: Op): Error | undefined {
    switch (op.kind) {
      case 'add': {
        const conflict = this.findConflict(next, op.route);
        if (conflict) return conflict;
        next.set(op.route.username, op.route);
        return undefined;
      }
      case 'remove':
        next.delete(op.username);
        return undefined;
      case 'sync': {
        const candidate = new Map<string, ProxyRoute>();
        for (const route of op.routes) {
          const conflict = this.findConflict(candidate, route);
          if (conflict) return conflict;
          candidate.set(route.username, route);
        }
        next.clear();
        for (const [username, route] of candidate) next.set(username, route);
        return undefined;
      }
      case 'refresh':
      case 'names':
        return undefined;
    }
  }

  private findConflict(routes: Map<string, ProxyRoute>, route: ProxyRoute): ConflictError | undefined {
    if (this.options.reservedPorts.includes(route.sshListenPort)) {
      return new ConflictError(`SSH port ${route.sshListenPort} is the edge's own port.`);
    }
    for (const other of routes.values()) {
      if (other.username === route.username) continue;
      if (other.sshListenPort === route.sshListenPort) {
        return new ConflictError(`SSH port ${route.sshListenPort} is already routed to ${other.username}.`);
      }
      if (other.webTarget.host === route.webTarget.host && other.webTarget.port === route.webTarget.port) {
        return new ConflictError(
          `Web endpoint ${route.webTarget.host}:${route.webTarget.port} is already routed to ${other.username}.`,
        );
      }
    }
    return undefined;
  }

  private async supervise(): Promise<void> {
    const nginx = this.options.nginx;
    if (!nginx || this.stopping) return;
    try {
      if (await nginx.isRunning()) return;
      this.options.logger?.warn({}, 'edge: nginx is not running; starting it again');
      this.restarts += 1;
      await this.queue.enqueue({ kind: 'refresh' });
    } catch (error) {
      this.options.logger?.error({ err: error }, 'edge: restarting nginx failed');
    }
  }
}

function sameRoutes(a: Map<string, ProxyRoute>, b: Map<string, ProxyRoute>): boolean {
  if (a.size !== b.size) return false;
  for (const [username, route] of a) {
    const other = b.get(username);
    if (!other || !sameRoute(route, other)) return false;
  }
  return true;
}
