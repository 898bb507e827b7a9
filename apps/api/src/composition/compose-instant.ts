import path from 'node:path';
import type { Overview } from '@hostbay/contract/admin';
import { LibvirtGuestAgent } from '../adapters/libvirt/libvirt-guest-agent.js';
import { LibvirtHypervisor } from '../adapters/libvirt/libvirt-hypervisor.js';
import type { VirshSession } from '../adapters/libvirt/virsh-session.js';
import { SshHostKeys } from '../adapters/openssh/ssh-host-keys.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import { TemplateStore } from '../adapters/templates/template-store.js';
import type { Config } from '../config/config.js';
import { InstantStart } from '../modules/vm/instant-start.js';

/**
 * Instant hostings' parts (docs/operators.md, "Instant hostings"), and why a
 * host's settings rule them out: compose-hosting.ts uses the parts, the admin
 * overview and `doctor` the reasons.
 */

export /** qemu:///system (or its socket forms) runs guests on this host; test:///, remote and session URIs do not. */
function isLocalLibvirt(uri: string): boolean {
  return /^qemu(\+unix)?:\/\/\/system(\?|$)/.test(uri);
}

/** Why this host's settings rule instant hostings out; undefined when they are on. */
export function templatesOff(config: Config): Exclude<Overview['templates']['off'], null> | undefined {
  const { vm } = config;
  if (!vm.templates) return 'setting';
  if (!isLocalLibvirt(vm.libvirtUri)) return 'remote_libvirt';
  if (vm.networkMode !== 'user') return 'bridge';
  if (config.image.cloudImage) return 'cloud_image';
  return undefined;
}

/** The same, in an operator's words (doctor). */
export function templatesUnavailable(config: Config): string | undefined {
  const off = templatesOff(config);
  const words: Record<NonNullable<typeof off>, string> = {
    setting: 'HOSTBAY_TEMPLATES=off',
    remote_libvirt: `libvirt is not on this host (${config.vm.libvirtUri})`,
    bridge: 'bridge mode (a restored guest would keep the template’s address)',
    cloud_image: 'HOSTBAY_IMAGE is a distro cloud image (it has no guest agent)',
    no_hostings: 'this process runs no hostings',
  };
  return off && words[off];
}

/**
 * Instant hostings need a libvirt on this host (the template store is a
 * folder here, restores read it), user-mode networking (a bridged guest would
 * keep the template's address) and Hostbay's own image with its guest agent;
 * HOSTBAY_TEMPLATES=off turns them off. Elsewhere every hosting boots.
 */
export function instantParts(config: Config, session: VirshSession, runner: ProcessRunner) {
  if (templatesUnavailable(config) !== undefined) return undefined;
  const parts = {
    hypervisor: new LibvirtHypervisor(session),
    agent: new LibvirtGuestAgent(session),
    templates: new TemplateStore(path.join(config.image.imagesDir, 'templates'), runner),
    hostKeys: new SshHostKeys(runner),
  };
  return { parts, start: new InstantStart(parts) };
}
