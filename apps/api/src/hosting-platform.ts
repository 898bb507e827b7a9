import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { VirshLibvirt } from './adapters/libvirt/libvirt.js';
import { VirshSession } from './adapters/libvirt/virsh-session.js';
import type { Config } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import type { ProcessRunner } from './host/process-runner.js';
import { createHostingModule, type HostingModule } from './modules/hosting/hosting-module.js';
import type { JobLogger, StepCheckpoint } from './modules/hosting/job-runner.js';
import type { SiteProbe } from './modules/hosting/ports.js';
import { DirectSiteProbe, EdgeSiteProbe } from './modules/hosting/site-probe.js';
import { resolveBaseImage } from './modules/image/base-image.js';
import { createProxyService } from './modules/proxy/create-proxy-service.js';
import type { ProxyService } from './modules/proxy/proxy-service.js';
import { DiskImages } from './modules/vm/disk-images.js';
import { generateGuestPassword, hashGuestPassword } from './modules/vm/guest-password.js';
import { SeedImageWriter } from './modules/vm/seed-image.js';
import { QemuAcceleratorProbe, VirtTypeResolver } from './modules/vm/virt-type.js';
import { VmService } from './modules/vm/vm.service.js';
import type { BaseImageSpec } from './modules/vm/vm-spec.js';

export interface HostingPlatform {
  hosting: HostingModule;
  proxy: ProxyService;
  vm: VmService;
  /** Where the API must listen: behind the edge when it runs, else on HOSTBAY_PORT. */
  apiListen: { host: string; port: number };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformOverrides {
  checkpoint?: StepCheckpoint;
  probe?: SiteProbe;
  resolveBaseImage?: () => Promise<BaseImageSpec>;
  workerConcurrency?: number;
}

const UUID_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Wires the host adapters (libvirt, nginx, images) into the hosting lifecycle. */
export async function createHostingPlatform(
  config: Config,
  database: DatabaseHandle,
  runner: ProcessRunner,
  log: JobLogger,
  overrides: PlatformOverrides = {},
): Promise<HostingPlatform> {
  const { server } = config;
  const virsh = new VirshSession({ uri: config.vm.libvirtUri });
  const virtTypeCache = path.join(server.dataDir, 'virt-type.json');
  const virtType = new VirtTypeResolver(config.vm.virtType, new QemuAcceleratorProbe(runner), virtTypeCache);
  const vm = new VmService({
    libvirt: new VirshLibvirt(virsh),
    disks: new DiskImages(runner),
    seeds: new SeedImageWriter(runner),
    virtType,
    vmsDir: config.vm.vmsDir,
    installationId: server.installationId,
    outboundNetwork: config.vm.outbound,
    bridge: config.vm.bridge,
  });
  const proxy = await createProxyService(
    {
      edge: config.edge,
      publicPort: server.port,
      publicHost: server.host,
      dataDir: server.dataDir,
      baseDomain: server.baseDomain,
    },
    runner,
    { logger: log },
  );
  const edgeRuns = config.edge.mode !== 'off';
  const probe =
    overrides.probe ??
    (edgeRuns
      ? new EdgeSiteProbe({ host: '127.0.0.1', port: server.port, baseDomain: server.baseDomain })
      : new DirectSiteProbe());
  const hosting = createHostingModule({
    database,
    config: config.hosting,
    vmSettings: { ...config.vm, bridge: config.vm.bridge },
    ssh: { forward: config.edge.sshForward, listenHost: config.edge.sshListenHost },
    address: {
      baseDomain: server.baseDomain,
      scheme: config.hosting.publicScheme,
      port: config.hosting.publicPort ?? server.port,
    },
    vm,
    edge: proxy,
    probe,
    folders: {
      async list() {
        const entries = await readdir(config.vm.vmsDir).catch(() => []);
        return entries.filter((name) => UUID_DIR.test(name));
      },
    },
    resolveBaseImage: overrides.resolveBaseImage ?? (() => builtImageSpec(config)),
    credentials: {
      generatePassword: generateGuestPassword,
      hashPassword: (password) => hashGuestPassword(runner, password),
    },
    log,
    checkpoint: overrides.checkpoint,
    workerConcurrency: overrides.workerConcurrency,
  });
  return {
    hosting,
    proxy,
    vm,
    apiListen: edgeRuns
      ? { host: config.edge.api.host, port: config.edge.api.port }
      : { host: server.host, port: server.port },
    async start() {
      // Probe KVM once at start (up to 10 s where it hangs), not inside the first user's creation.
      const type = await virtType.resolve();
      log.info({ virtType: type }, type === 'kvm' ? 'guests run under KVM' : 'guests run under QEMU emulation (TCG)');
      // Bridge mode: the libvirt network the VMs join (defined, started and autostarted once).
      if (config.vm.networkMode === 'bridge') await vm.ensureNetwork();
      // Before the edge renders anything: a stream over direct hostings' ports would fail every reload.
      await hosting.checkSettings();
      await proxy.start();
      await hosting.start();
    },
    async stop() {
      await hosting.stop();
      await proxy.stop();
      await virsh.close();
    },
  };
}

async function builtImageSpec(config: Config): Promise<BaseImageSpec> {
  const image = await resolveBaseImage(config.image);
  return {
    disk: image.disk,
    installsWebServer: image.installsWebServer,
    ...(image.kernel && image.initrd && image.cmdline
      ? { kernel: image.kernel, initrd: image.initrd, cmdline: image.cmdline }
      : {}),
  };
}
