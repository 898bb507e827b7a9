import type { EdgeLayout, EdgeRenderer, RenderedEdge } from '../../../../src/modules/proxy/edge-renderer.js';
import type {
  EdgeNginx,
  EdgeProbe,
  NginxTestResult,
  ReloadPlan,
  ReloadWatch,
} from '../../../../src/modules/proxy/proxy.ports.js';
import type { ProxyRoute } from '../../../../src/modules/proxy/route.js';
import type { FakeEdgeStore } from './fake-edge-store.js';

type Files = Readonly<Record<string, string>>;

/** Renders one `<host> <backend>;` line per site, as the real sites.map does, and little else. */
export class FakeEdgeRenderer implements EdgeRenderer {
  render(layout: EdgeLayout, routes: readonly ProxyRoute[], generation: number, genDir: string): RenderedEdge {
    const sorted = [...routes].sort((a, b) => a.username.localeCompare(b.username));
    return {
      'nginx.conf': `# generation ${generation}\ninclude ${genDir}/http.conf;\n`,
      'http.conf': `include ${genDir}/sites.map;\n`,
      'sites.map': sorted
        .map((r) => `${r.username}.${layout.baseDomain} ${r.webTarget.host}:${r.webTarget.port};`)
        .join('\n'),
      'stream.conf': sorted
        .map((r) => `listen ${r.sshListenPort} -> ${r.sshTarget.host}:${r.sshTarget.port};`)
        .join('\n'),
    };
  }
}

/**
 * Hostbay's own nginx, as far as the edge can tell: `test` checks a staged
 * generation (and fails where `rejectConfig` finds a problem), `start` and a
 * reload make the workers serve the live generation, unless `failReload`
 * finds a problem only the reload meets (a port already taken): then the old
 * generation keeps serving and the failure is in the log. `die` is a crash.
 */
export class FakeNginx implements EdgeNginx {
  readonly kind = 'own';
  running = false;
  /** The generation the workers serve. */
  serving: number | undefined;
  starts = 0;
  tests = 0;
  rejectConfig: ((files: Files) => string | undefined) | undefined;
  failReload: ((files: Files) => string | undefined) | undefined;

  constructor(private readonly store: FakeEdgeStore) {}

  async test(configFile: string): Promise<NginxTestResult> {
    this.tests += 1;
    const files = this.store.filesAt(configFile);
    if (!files) return { ok: false, output: `nginx: [emerg] open() "${configFile}" failed (2: No such file)` };
    const problem = this.rejectConfig?.(files);
    return problem ? { ok: false, output: `nginx: [emerg] ${problem}` } : { ok: true, output: '' };
  }

  async testLive(): Promise<NginxTestResult> {
    // As OwnNginx: the live main config is the staged one that already passed `test`.
    return { ok: true, output: '' };
  }

  async isRunning(): Promise<boolean> {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.starts += 1;
    this.serving = this.store.current;
  }

  async prepareReload(): Promise<ReloadPlan> {
    return { oldWorkers: this.running ? [4242] : [] };
  }

  async reload(_plan: ReloadPlan): Promise<ReloadWatch> {
    if (!this.running) throw new Error('nginx is not running');
    const live = this.store.current;
    const files = live === undefined ? undefined : this.store.generations.get(live);
    const problem = files && this.failReload?.(files);
    if (!problem) this.serving = live;
    return {
      failure: async () => problem && `[emerg] ${problem}`,
      oldWorkersRetired: async () => true,
    };
  }

  async stop(): Promise<void> {
    this.die();
  }

  die(): void {
    this.running = false;
    this.serving = undefined;
  }

  /** The sites a visitor reaches: the host names of the generation the workers serve. */
  servedSites(): string[] {
    if (!this.running || this.serving === undefined) return [];
    const map = this.store.generations.get(this.serving)?.['sites.map'] ?? '';
    return map
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0]!);
  }
}

/** The control socket: which generation the running workers answer with. */
export class FakeEdgeProbe implements EdgeProbe {
  constructor(private readonly nginx: FakeNginx) {}

  async generation(): Promise<number | undefined> {
    return this.nginx.running ? this.nginx.serving : undefined;
  }
}
