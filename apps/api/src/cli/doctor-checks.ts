import { access, constants, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { resolveBaseImage } from '../modules/image/base-image.js';
import type { ImageHost } from '../modules/image/image.ports.js';
import { DebianPackages, RUNTIME_PACKAGES } from '../adapters/debian/debian-packages.js';
import { installAdvice } from '../adapters/debian/install-advice.js';
import { createImageHost } from '../adapters/image/image-host.js';
import { LibvirtDaemon } from '../adapters/libvirt/libvirt-daemon.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import { operatorText } from '../errors.js';
import { TemplateStore } from '../adapters/templates/template-store.js';
import { templatesUnavailable } from '../composition/compose-instant.js';
import { sameShape } from '../modules/vm/template.js';
import { checkTls } from './doctor-tls.js';
import { checkBackups } from './doctor-backups.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  /** How to get what is missing; absent when ok. */
  fix?: string;
  /** A failed optional check warns but does not fail `doctor`. */
  optional?: boolean;
}

const MIN_NODE = [20, 19] as const;

export function checkNode(version = process.versions.node): CheckResult {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: 'Node.js',
    ok,
    detail: `v${version}`,
    ...(ok ? {} : { fix: `install Node.js ${MIN_NODE.join('.')} or newer (e.g. Debian's nodejs from NodeSource)` }),
  };
}

export async function checkDataDir(dataDir: string): Promise<CheckResult> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
    return { name: 'data folder', ok: true, detail: dataDir };
  } catch (error) {
    return {
      name: 'data folder',
      ok: false,
      detail: `${dataDir}: ${(error as Error).message}`,
      fix: 'set HOSTBAY_DATA_DIR to a writable folder',
    };
  }
}

export async function checkDatabase(url: string): Promise<CheckResult> {
  const shown = url.replace(/\/\/[^@/]*@/, '//***@');
  const handle = openDatabase(url);
  try {
    await handle.ping();
    return { name: 'database', ok: true, detail: shown };
  } catch (error) {
    return {
      name: 'database',
      ok: false,
      detail: `${shown}: ${(error as Error).message}`,
      fix: 'check HOSTBAY_DATABASE_URL and that the server runs',
    };
  } finally {
    await handle.close();
  }
}

export async function checkPackages(runner: ProcessRunner): Promise<CheckResult> {
  const packages = new DebianPackages(runner);
  const missing = await packages.missing(RUNTIME_PACKAGES);
  return missing.length === 0
    ? { name: 'Debian packages', ok: true, detail: `${RUNTIME_PACKAGES.length} installed` }
    : {
        name: 'Debian packages',
        ok: false,
        detail: `missing: ${missing.join(' ')}`,
        fix: installAdvice(missing),
      };
}

export function checkKvmDevice(): CheckResult {
  const ok = existsSync('/dev/kvm');
  return {
    name: 'KVM',
    ok,
    optional: true,
    detail: ok
      ? '/dev/kvm present (whether guests really boot with it is probed at start)'
      : 'no /dev/kvm: guests run under TCG emulation, several times slower',
    ...(ok ? {} : { fix: 'enable virtualization in the firmware and load kvm_intel or kvm_amd' }),
  };
}

export async function checkLibvirt(runner: ProcessRunner, uri: string): Promise<CheckResult> {
  const status = await new LibvirtDaemon(runner, uri).status();
  return status.ok
    ? { name: 'libvirt', ok: true, detail: status.detail }
    : {
        name: 'libvirt',
        ok: false,
        detail: status.detail,
        fix: 'start libvirtd (systemctl start libvirtd); `./hostbay up` starts it when run as root',
      };
}

export async function checkBaseImage(config: Config, host: Pick<ImageHost, 'fs'>): Promise<CheckResult> {
  try {
    const image = await resolveBaseImage(config.image, host);
    return { name: 'guest image', ok: true, detail: `${image.kind} image ${image.id}` };
  } catch (error) {
    return {
      name: 'guest image',
      ok: false,
      detail: operatorText(error as Error),
      fix: 'run `./hostbay image build` (`./hostbay up` builds it on first run)',
    };
  }
}

/** Whether new hostings of the default plan are made from a ready template (docs/operators.md, "Instant hostings"). */
export async function checkTemplates(config: Config, runner: ProcessRunner): Promise<CheckResult> {
  const name = 'instant hostings';
  const off = templatesUnavailable(config);
  if (off) return { name, ok: true, optional: true, detail: `off: ${off}; every hosting boots (35 to 90 s under TCG)` };
  const shape = config.vm.limits;
  const machine = `${shape.vcpus} vCPU, ${shape.memoryMb} MiB, ${shape.diskGb} GiB`;
  try {
    const image = await resolveBaseImage(config.image, createImageHost(runner));
    const store = new TemplateStore(path.join(config.image.imagesDir, 'templates'), runner);
    const ready = (await store.list()).find(
      ({ manifest }) => manifest.baseDisk === image.disk && sameShape(manifest, shape),
    );
    if (ready)
      return {
        name,
        ok: true,
        detail: `template ready for the default plan (${machine}), built ${ready.manifest.builtAt} in ${ready.manifest.buildSeconds} s`,
      };
  } catch {
    // No image yet: the guest image check says what to do.
  }
  return {
    name,
    ok: false,
    optional: true,
    detail: `no template yet for the default plan (${machine}): new hostings boot until there is one`,
    fix: '`./hostbay up` builds it in the background, about 2 minutes under TCG after the image is ready',
  };
}

/** Everything `doctor` checks, in the order it prints them. */
export async function runDoctorChecks(config: Config, runner: ProcessRunner): Promise<CheckResult[]> {
  return [
    checkNode(),
    await checkDataDir(config.server.dataDir),
    await checkDatabase(config.database.url),
    await checkPackages(runner),
    await checkLibvirt(runner, config.vm.libvirtUri),
    checkKvmDevice(),
    await checkBaseImage(config, createImageHost(runner)),
    await checkTemplates(config, runner),
    await checkTls(config),
    await checkBackups(config),
  ];
}
