import { describe, expect, it } from 'vitest';
import { EdgeApplier } from '../../../src/modules/proxy/edge-applier.js';
import type { EdgeLayout } from '../../../src/modules/proxy/edge-renderer.js';
import type { EdgeReloadObserver } from '../../../src/modules/metrics/metrics.ports.js';
import { FakeEdgeStore } from '../proxy/fakes/fake-edge-store.js';
import { FakeEdgeProbe, FakeEdgeRenderer, FakeNginx } from '../proxy/fakes/fake-nginx.js';

const LAYOUT: EdgeLayout = {
  pidFile: '/var/lib/hostbay/edge/prefix/nginx.pid',
  lockFile: '/var/lib/hostbay/edge/prefix/nginx.lock',
  errorLog: '/var/lib/hostbay/edge/prefix/logs/error.log',
  tempDir: '/var/lib/hostbay/edge/prefix/temp',
  user: undefined,
  workerProcesses: 1,
  workerShutdownTimeoutSeconds: 5,
  streamModule: undefined,
  listen: { host: '127.0.0.1', port: 8080 },
  api: { host: '127.0.0.1', port: 8081 },
  apiBodyLimit: 65536,
  realIpFrom: [],
  baseDomain: 'localhost',
  sshListenHost: '127.0.0.1',
  maxOpenFiles: 65536,
  tls: undefined,
};

const ROUTE = {
  username: 'alice',
  webTarget: { host: '127.0.0.1', port: 30001 },
  sshListenPort: 22001,
  sshTarget: { host: '127.0.0.1', port: 31001 },
};

function applier(withNginx = true) {
  const reloads: Parameters<EdgeReloadObserver['reloadFinished']>[0][] = [];
  const store = new FakeEdgeStore();
  const nginx = new FakeNginx(store);
  const edge = new EdgeApplier({
    store,
    renderer: new FakeEdgeRenderer(),
    layout: LAYOUT,
    nginx: withNginx ? nginx : undefined,
    probe: withNginx ? new FakeEdgeProbe(nginx) : undefined,
    confirmTimeoutMs: 500,
    observer: { reloadFinished: (reload) => void reloads.push(reload) },
  });
  return { edge, nginx, reloads };
}

describe('the edge reloads /metrics counts', () => {
  it('tells of each change nginx took and of each it refused, with how long it took', async () => {
    const { edge, nginx, reloads } = applier();
    await edge.apply([]);
    await edge.apply([ROUTE]);
    nginx.rejectConfig = () => 'unknown directive "sevrer"';
    await expect(edge.apply([])).rejects.toThrow(/nginx -t rejected/);
    expect(reloads.map((reload) => reload.ok)).toEqual([true, true, false]);
    expect(reloads.every((reload) => reload.seconds >= 0 && reload.seconds < 5)).toBe(true);
  });

  it('counts nothing when no nginx runs (HOSTBAY_EDGE=off): a generation written is no reload', async () => {
    const { edge, reloads } = applier(false);
    await edge.apply([ROUTE]);
    expect(reloads).toEqual([]);
  });
});
