import path from 'node:path';
import { HttpEdgeProbe } from '../adapters/edge/control-probe.js';
import { FsEdgeStore } from '../adapters/edge/edge-store.js';
import { detectStreamModule, openFilesHardLimit } from '../adapters/edge/nginx-modules.js';
import { OwnNginx, SystemNginx } from '../adapters/edge/nginx-process.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import type { EdgeConfig } from '../config/edge.js';
import { reachableAddress } from '../config/listen-address.js';
import type { JobLogger } from '../modules/hosting/hosting.ports.js';
import type { EdgeReloadObserver } from '../modules/metrics/metrics.ports.js';
import { EdgeApplier } from '../modules/proxy/edge-applier.js';
import {
  EDGE_CONTROL_HOST,
  NunjucksEdgeRenderer,
  type EdgeLayout,
  type EdgeTlsLayout,
  type EdgeRenderer,
} from '../modules/proxy/edge-renderer.js';
import type { EdgeNginx } from '../modules/proxy/proxy.ports.js';
import { ProxyService, type ProxyServiceLogger } from '../modules/proxy/proxy.service.js';

export interface ProxyServiceSettings {
  edge: EdgeConfig;
  /** HOSTBAY_PORT and HOSTBAY_HOST: the public address, which the edge takes over when it runs. */
  publicPort: number;
  publicHost: string;
  dataDir: string;
  baseDomain: string;
  /** HOSTBAY_BODY_LIMIT: the edge holds the API's bodies to the limit the API itself enforces. */
  apiBodyLimit: number;
  /** HTTPS beside plain HTTP (HOSTBAY_TLS), or undefined. */
  tls?: EdgeTlsLayout;
}

export interface ProxyServiceOverrides {
  /** Another template folder (tests use one that renders a broken config). */
  renderer?: EdgeRenderer;
  logger?: ProxyServiceLogger & JobLogger;
  superviseIntervalMs?: number;
  confirmTimeoutMs?: number;
  /** Run as if root (workers get `user`) or not; defaults to the real uid. */
  runningAsRoot?: boolean;
  /** Told of every reload (/metrics). */
  reloads?: EdgeReloadObserver;
}

/** The edge from config: files under `<dataDir>/edge`, nginx per HOSTBAY_EDGE. */
export async function composeProxyService(
  settings: ProxyServiceSettings,
  runner: ProcessRunner,
  overrides: ProxyServiceOverrides = {},
): Promise<ProxyService> {
  const { edge } = settings;
  const store = new FsEdgeStore(path.join(settings.dataDir, 'edge'));
  await store.init();
  const prefix = store.prefixDir;
  if (edge.mode !== 'off' && edge.api.port === settings.publicPort) {
    throw new Error(
      `HOSTBAY_API_PORT (${edge.api.port}) must differ from HOSTBAY_PORT: the edge listens on HOSTBAY_PORT`,
    );
  }
  // Only the stream needs nginx for SSH; in `direct` QEMU listens on the public ports itself.
  const sshForward = edge.sshForward === 'stream' && edge.mode !== 'off';
  const asRoot = overrides.runningAsRoot ?? process.getuid?.() === 0;
  const layout: EdgeLayout = {
    pidFile: path.join(prefix, 'nginx.pid'),
    lockFile: path.join(prefix, 'nginx.lock'),
    errorLog: path.join(prefix, 'logs', 'error.log'),
    tempDir: path.join(prefix, 'temp'),
    user: asRoot ? edge.workerUser : undefined,
    workerProcesses: edge.workerProcesses,
    workerShutdownTimeoutSeconds: edge.workerShutdownTimeoutSeconds,
    streamModule: sshForward ? await detectStreamModule(runner, edge.nginxBinary) : undefined,
    listen: { host: listenAddress(settings.publicHost), port: settings.publicPort },
    api: edge.api,
    apiBodyLimit: settings.apiBodyLimit,
    realIpFrom: edge.realIpFrom,
    baseDomain: settings.baseDomain,
    sshListenHost: sshForward ? edge.sshListenHost : undefined,
    maxOpenFiles: await openFilesHardLimit(),
    // Without an edge there is no nginx to speak TLS.
    tls: edge.mode === 'off' ? undefined : settings.tls,
  };
  if (layout.tls && [settings.publicPort, edge.api.port].includes(layout.tls.port)) {
    throw new Error(`HOSTBAY_TLS_PORT (${layout.tls.port}) must differ from HOSTBAY_PORT and HOSTBAY_API_PORT`);
  }
  let nginx: EdgeNginx | undefined;
  if (edge.mode === 'own') {
    nginx = new OwnNginx(runner, {
      binary: edge.nginxBinary,
      prefixDir: prefix,
      mainConfig: store.mainConfig,
      pidFile: layout.pidFile,
      errorLog: layout.errorLog,
    });
  } else if (edge.mode === 'system') {
    nginx = new SystemNginx(runner, {
      binary: edge.nginxBinary,
      systemConfig: edge.systemConfigFile,
      prefixDir: prefix,
    });
  }
  const logger = overrides.logger;
  const applier = new EdgeApplier({
    store,
    renderer: overrides.renderer ?? new NunjucksEdgeRenderer(),
    layout,
    nginx,
    probe: nginx
      ? new HttpEdgeProbe({
          host: reachableAddress(layout.listen.host),
          port: layout.listen.port,
          controlHost: EDGE_CONTROL_HOST,
        })
      : undefined,
    confirmTimeoutMs: overrides.confirmTimeoutMs ?? 10_000,
    onWarning: logger ? (message, detail) => logger.warn(detail, message) : undefined,
    observer: overrides.reloads,
  });
  return new ProxyService({
    mode: edge.mode,
    applier,
    nginx,
    coalesceMs: edge.coalesceMs,
    superviseIntervalMs: overrides.superviseIntervalMs ?? 2000,
    reservedPorts: [settings.publicPort, edge.api.port, ...(layout.tls ? [layout.tls.port] : [])],
    logger,
  });
}

/** nginx `listen` takes an IPv4 literal here; `localhost` means loopback. */
function listenAddress(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    throw new Error(`the edge listens on IPv4 only; HOSTBAY_HOST=${host} is not an IPv4 address`);
  }
  return host;
}
