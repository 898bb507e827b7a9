import path from 'node:path';
import { z } from 'zod';
import type { EdgeReloadObserver } from '../metrics/metrics.ports.js';
import type { EdgeNginx, EdgeProbe, EdgeStore, ReloadPlan, ReloadWatch } from './proxy.ports.js';
import type { EdgeLayout, EdgeRenderer } from './edge-renderer.js';
import { EdgeApplyError } from './proxy.errors.js';
import { EdgeNames, NO_EDGE_NAMES, ProxyRoute } from './route.js';

export const ROUTES_FILE = 'routes.json';
/** The aliases and certificates of a generation (absent in generations written before HTTPS existed). */
export const NAMES_FILE = 'names.json';
const RoutesFile = z.array(ProxyRoute);
const LiveNames = z.object({ aliases: EdgeNames.shape.aliases });

export interface EdgeApplierDeps {
  store: EdgeStore;
  renderer: EdgeRenderer;
  layout: EdgeLayout;
  /** Undefined when the edge is off: generations are still written, nothing is run. */
  nginx: EdgeNginx | undefined;
  probe: EdgeProbe | undefined;
  /** How long a reload may take to show its generation on the control socket. */
  confirmTimeoutMs: number;
  onWarning?: (message: string, detail: Record<string, unknown>) => void;
  /** Told how long each apply took and whether nginx took it (/metrics); only when nginx runs. */
  observer?: EdgeReloadObserver;
}

/**
 * Puts one set of routes live, all or nothing: render a new generation,
 * `nginx -t` it (the exit code decides), swap it in with one rename, reload,
 * and confirm on the control socket that workers of the new generation
 * answer. On any failure the previous generation goes back in place and is
 * reloaded, so the sites that were up stay up.
 */
/** Where the time of the last successful apply went, in milliseconds from its start. */
export interface ApplyTimings {
  routes: number;
  rendered: number;
  staged: number;
  validated: number;
  /** The control socket answered with the new generation: new workers take connections. */
  serving: number;
  /** Old workers stopped accepting too: every new connection sees the change. */
  done: number;
}

export class EdgeApplier {
  private reloadCount = 0;
  private liveGeneration: number | undefined;
  private timings: ApplyTimings | undefined;
  private servingAt = 0;

  constructor(private readonly deps: EdgeApplierDeps) {}

  get reloads(): number {
    return this.reloadCount;
  }

  get generation(): number | undefined {
    return this.liveGeneration;
  }

  get lastTimings(): ApplyTimings | undefined {
    return this.timings;
  }

  /** The routes of the live generation as written to disk (empty when there is none). */
  async readLiveRoutes(): Promise<ProxyRoute[]> {
    const generation = await this.deps.store.currentGeneration();
    if (generation === undefined) return [];
    const text = await this.deps.store.readFile(generation, ROUTES_FILE);
    return RoutesFile.parse(JSON.parse(text));
  }

  /** The aliases and certificates of the live generation (none when there is none, or it predates them). */
  async readLiveNames(): Promise<EdgeNames> {
    const generation = await this.deps.store.currentGeneration();
    if (generation === undefined) return NO_EDGE_NAMES;
    const text = await this.deps.store.readFile(generation, NAMES_FILE).catch(() => undefined);
    // A generation of an earlier version may hold more than `EdgeNames` knows: take what it knows.
    const parsed = text === undefined ? undefined : LiveNames.safeParse(JSON.parse(text));
    return parsed?.success ? { aliases: parsed.data.aliases } : NO_EDGE_NAMES;
  }

  async apply(routes: readonly ProxyRoute[], names: EdgeNames = NO_EDGE_NAMES): Promise<void> {
    const { nginx, observer } = this.deps;
    if (!nginx || !observer) return this.applyGeneration(routes, names);
    const start = performance.now();
    const seconds = () => (performance.now() - start) / 1000;
    try {
      await this.applyGeneration(routes, names);
    } catch (error) {
      observer.reloadFinished({ seconds: seconds(), ok: false });
      throw error;
    }
    observer.reloadFinished({ seconds: seconds(), ok: true });
  }

  private async applyGeneration(routes: readonly ProxyRoute[], names: EdgeNames): Promise<void> {
    const { store, renderer, layout, nginx } = this.deps;
    const start = performance.now();
    const since = () => Math.round(performance.now() - start);
    const generation = await store.nextGeneration();
    const genDir = store.genDir(generation);

    let files;
    try {
      files = renderer.render(layout, routes, generation, genDir, names);
    } catch (error) {
      throw new EdgeApplyError('render', errorMessage(error), '', { cause: error });
    }
    const rendered = since();
    await store.stage(generation, {
      ...files,
      [ROUTES_FILE]: routesFileText(routes),
      [NAMES_FILE]: `${JSON.stringify(names)}\n`,
    });

    const staged = since();
    let plan: ReloadPlan | undefined;
    if (nginx) {
      const [test, prepared] = await Promise.all([nginx.test(path.join(genDir, 'nginx.conf')), nginx.prepareReload()]);
      plan = prepared;
      if (!test.ok) {
        await store.discard(generation);
        throw new EdgeApplyError('validate', 'nginx -t rejected the new configuration', test.output);
      }
    }

    const validated = since();
    const previous = await store.currentGeneration();
    await store.activate(generation);
    this.servingAt = performance.now();
    try {
      await this.runGeneration(generation, plan);
    } catch (error) {
      await this.restore(previous, generation);
      if (error instanceof EdgeApplyError) throw error;
      throw new EdgeApplyError('reload', errorMessage(error), '', { cause: error });
    }
    this.liveGeneration = generation;
    const serving = Math.round(this.servingAt - start);
    this.timings = { routes: routes.length, rendered, staged, validated, serving, done: since() };
    await store.prune(previous === undefined ? [generation] : [generation, previous]);
  }

  /** Makes nginx serve the generation `current` points at: start it, or reload and confirm. */
  private async runGeneration(generation: number, plan?: ReloadPlan): Promise<void> {
    const { nginx } = this.deps;
    if (!nginx) return;
    const live = await nginx.testLive();
    if (!live.ok) throw new EdgeApplyError('validate', 'nginx -t rejected the live configuration', live.output);
    let watch: ReloadWatch | undefined;
    if (await nginx.isRunning()) {
      watch = await nginx.reload(plan ?? (await nginx.prepareReload()));
      this.reloadCount += 1;
    } else {
      await nginx.start();
    }
    await this.confirm(generation, watch);
  }

  private async confirm(generation: number, watch: ReloadWatch | undefined): Promise<void> {
    const { probe, confirmTimeoutMs } = this.deps;
    if (!probe) return;
    const deadline = Date.now() + confirmTimeoutMs;
    let serving = false;
    for (;;) {
      if (!serving && (await probe.generation()) === generation) {
        serving = true;
        this.servingAt = performance.now();
      }
      if (serving && (!watch || (await watch.oldWorkersRetired()))) return;
      const failure = await watch?.failure();
      // nginx keeps serving the old generation when it cannot apply a new one; it says why in its log.
      if (failure) throw new EdgeApplyError('reload', 'nginx could not apply the new configuration', failure);
      if (Date.now() > deadline) {
        throw new EdgeApplyError(
          'reload',
          `nginx did not serve generation ${generation} within ${confirmTimeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async restore(previous: number | undefined, failed: number): Promise<void> {
    const { store, onWarning } = this.deps;
    if (previous === undefined) {
      await store.discard(failed);
      return;
    }
    await store.activate(previous);
    await store.discard(failed);
    try {
      await this.runGeneration(previous);
    } catch (error) {
      // The failed generation never replaced the running one, so nginx normally still serves `previous`.
      onWarning?.('edge: reloading the restored configuration failed', {
        generation: previous,
        error: errorMessage(error),
      });
    }
  }
}

/**
 * Each route's JSON, kept as long as the route object lives (the ProxyService
 * holds one object per route). Serialising 10,000 routes anew took 6 ms of
 * every change (bench/edge); joining the kept lines takes 1.
 */
const routeJson = new WeakMap<ProxyRoute, string>();

/** routes.json: an array, one route per line. */
function routesFileText(routes: readonly ProxyRoute[]): string {
  const lines = routes.map((route) => {
    let json = routeJson.get(route);
    if (json === undefined) {
      json = JSON.stringify(route);
      routeJson.set(route, json);
    }
    return json;
  });
  return lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
