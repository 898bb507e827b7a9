import { randomUUID } from 'node:crypto';
import type { BaseVolumeUploader } from './base-volumes.js';
import { buildTemplateDomainModel } from './domain-model.js';
import { renderDomainXml } from './domain-xml.js';
import { TEMPLATE_SSHD_CONFIG } from './guest-personalisation.js';
import { buildTemplateSeedFiles } from './seed-content.js';
import { TEMPLATE_MAC, TEMPLATE_VERSION, templateKey, type TemplateInputs } from './template.js';
import type { VirtTypeResolver } from './virt-type.js';
import { VmOperationError } from './vm.errors.js';
import { templateDomainName, templateInstanceId, templateVolumes } from './vm-names.js';
import type {
  GuestAgent,
  Hypervisor,
  SeedImageBuilder,
  TemplateFiles,
  TemplateManifest,
  VmStorage,
} from './vm.ports.js';
import type { BaseImageSpec } from './vm.spec.js';

export interface TemplateBuilderDeps {
  hypervisor: Hypervisor;
  storage: VmStorage;
  seeds: SeedImageBuilder;
  agent: GuestAgent;
  templates: TemplateFiles;
  bases: BaseVolumeUploader;
  virtType: VirtTypeResolver;
  installationId: string;
}

/**
 * Inside the template, with nothing of anyone's in it: waits until boot has
 * ended (cloud-init done, no job queued), then checks that nginx serves the
 * page and sshd shows its banner, as a hosting's readiness check would.
 */
const READY_CHECK = [
  '/bin/bash',
  '-c',
  [
    'cloud-init status --wait >/dev/null 2>&1',
    'systemctl is-system-running --wait >/dev/null 2>&1',
    'exec 3<>/dev/tcp/127.0.0.1/80 && printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3 && head -c 12 <&3 | grep -q " 200"',
    'exec 4<>/dev/tcp/127.0.0.1/22 && head -c 8 <&4 | grep -q "^SSH-2.0"',
  ].join(' && '),
] as const;

/**
 * Just before the state is saved: sshd is restarted listening on the guest's
 * loopback only, so that a restored hosting's forwarded SSH port finds nothing
 * until personalisation has written the hosting's own keys and had sshd reread
 * its configuration (nobody is ever served the template's keys); the key files
 * go, and the disk is synced so the saved memory and the disk agree.
 */
const PREPARE_FOR_SAVE = [
  '/bin/sh',
  '-c',
  `printf 'ListenAddress 127.0.0.1\\n' > ${TEMPLATE_SSHD_CONFIG} && systemctl restart ssh.service && rm -f /etc/ssh/ssh_host_* && sync`,
] as const;

const AGENT_POLL_MS = 1000;

/**
 * Builds one template: boots a VM of the template's shape from the base
 * image with a seed that has no member in it, waits until it is idle and
 * serving, saves its state and flattens its disk into the template store.
 * Whatever the build leaves in libvirt (domain, volumes) is removed, whether
 * it succeeded or not; a crash leaves it for the next build of the same key.
 */
export class TemplateBuilder {
  constructor(private readonly deps: TemplateBuilderDeps) {}

  async build(
    inputs: Omit<TemplateInputs, 'virtType'>,
    baseImage: BaseImageSpec,
    options: { timeoutMs: number; signal: AbortSignal },
  ): Promise<TemplateManifest> {
    const { deps } = this;
    const virtType = await deps.virtType.resolve();
    const key = templateKey({ ...inputs, virtType });
    const domain = templateDomainName(key);
    const volumes = templateVolumes(key);
    const started = Date.now();
    await this.removeLeftovers(key);
    const build = await deps.templates.startBuild(key);
    try {
      const base = await deps.bases.volumesFor(baseImage);
      const seed = await deps.seeds.build({ ...buildTemplateSeedFiles(templateInstanceId(key), TEMPLATE_MAC) });
      await deps.storage.createVolume(volumes.seed, { capacityBytes: seed.byteLength, format: 'raw' });
      await deps.storage.uploadVolume(volumes.seed, seed);
      await deps.storage.createVolume(volumes.disk, {
        capacityBytes: inputs.shape.diskGb * 1024 ** 3,
        format: 'qcow2',
        backing: { volume: base.disk, format: 'qcow2' },
      });
      await deps.storage.createVolume(volumes.consoleLog, { capacityBytes: 0, format: 'raw' });
      const model = buildTemplateDomainModel(
        { key, uuid: randomUUID(), shape: inputs.shape, baseImage },
        {
          pool: deps.storage.poolName,
          volumes,
          consoleLogPath: await deps.storage.volumePath(volumes.consoleLog),
          boot: baseImage.kernel
            ? { kernel: await deps.storage.volumePath(base.kernel), initrd: await deps.storage.volumePath(base.initrd) }
            : undefined,
        },
        virtType,
        deps.installationId,
      );
      await deps.hypervisor.defineDomain(renderDomainXml(model));
      await deps.hypervisor.startDomain(domain);
      await this.waitUntilServing(domain, started + options.timeoutMs, options.signal);
      await this.runChecked(domain, PREPARE_FOR_SAVE, 'preparing the template');
      await deps.hypervisor.saveDomain(domain, build.state);
      const savedAt = Date.now();
      await deps.templates.flattenInto(build, await deps.storage.volumePath(volumes.disk));
      const manifest: TemplateManifest = {
        key,
        version: TEMPLATE_VERSION,
        baseDisk: inputs.baseDisk,
        virtType,
        ...inputs.shape,
        builtAt: new Date().toISOString(),
        buildSeconds: Math.round((savedAt - started) / 100) / 10,
        stateBytes: await deps.templates.stateBytes(build),
      };
      await deps.templates.publish(build, manifest);
      return manifest;
    } catch (error) {
      await deps.templates.discard(build);
      throw error;
    } finally {
      await this.removeLeftovers(key);
    }
  }

  /** The build's domain and volumes in this pool, from this build or one a crash cut short. */
  async removeLeftovers(key: string): Promise<void> {
    const domain = templateDomainName(key);
    await this.deps.hypervisor.destroyDomain(domain);
    await this.deps.hypervisor.undefineDomain(domain);
    for (const volume of Object.values(templateVolumes(key))) await this.deps.storage.deleteVolume(volume);
  }

  private async waitUntilServing(domain: string, deadline: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (Date.now() > deadline) throw new VmOperationError(`Template ${domain} did not finish booting in time.`);
      const state = await this.deps.hypervisor.domainState(domain);
      if (state !== 'running' && state !== 'idle')
        throw new VmOperationError(`Template ${domain} is ${state} instead of booting.`);
      if (await this.deps.agent.ping(domain, 1000)) {
        await this.runChecked(domain, READY_CHECK, 'waiting for the template to serve');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, AGENT_POLL_MS));
    }
  }

  private async runChecked(domain: string, argv: readonly [string, ...string[]], what: string): Promise<void> {
    const result = await this.deps.agent.run(domain, argv, { timeoutMs: 5 * 60_000 });
    if (result.exitCode !== 0)
      throw new VmOperationError(`${what} failed in ${domain} (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}
