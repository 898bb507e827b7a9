import { createHash } from 'node:crypto';

/**
 * What Hostbay calls a hosting's things in libvirt, in one place: the domain
 * and the volumes of its storage pool. Every name starts with `hb-<hosting
 * id>`, so that one prefix finds all of a hosting's traces, and comes from the
 * hosting id, never the username (a user could be renamed or reused).
 */

const PREFIX = 'hb-';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The libvirt domain `hb-<hosting id>`. `hostingId` must already be a validated uuid. */
export function domainName(hostingId: string): string {
  return `${PREFIX}${hostingId}`;
}

/** One hosting's volumes. */
export interface VmVolumes {
  /** qcow2 overlay on the base image: the VM's own disk. */
  disk: string;
  /** NoCloud seed (ISO 9660, label `cidata`) attached as a virtio disk. */
  seed: string;
  /** The serial console, for diagnosing boots. */
  consoleLog: string;
}

export function vmVolumes(hostingId: string): VmVolumes {
  const name = domainName(hostingId);
  return { disk: `${name}.qcow2`, seed: `${name}-seed.iso`, consoleLog: `${name}-console.log` };
}

/** The serial line's socket file, in the folder of consoles (not the pool: it is no volume). */
export function consoleSocketName(hostingId: string): string {
  return `${hostingId}.sock`;
}

/**
 * A snapshot of a hosting's disk: a copy of its qcow2 overlay (on the same base volume), beside it in the pool.
 * Its name starts with the hosting's prefix, so that an orphan sweep finds it with the rest.
 */
export function snapshotVolume(hostingId: string, snapshotId: string): string {
  return `${domainName(hostingId)}-snap-${snapshotId}.qcow2`;
}

/** The hosting a volume belongs to (any volume named `hb-<uuid>…`), or undefined for others (base images, foreign files). */
export function hostingOfVolume(volume: string): string | undefined {
  const match = new RegExp(`^${PREFIX}(${UUID.source})(?:[.-]|$)`).exec(volume);
  return match?.[1];
}

/** A base image's files as volumes of the pool, and the marker that says they are complete. */
export interface BaseVolumes {
  disk: string;
  kernel: string;
  initrd: string;
  /** Made last: a base without it was cut short (a crash mid-upload) and is uploaded again. */
  ready: string;
}

/** The volumes of the base whose disk volume is `diskVolume` (`hb-base-<hash>.qcow2`), or undefined for another name. */
export function baseVolumesOf(diskVolume: string): BaseVolumes | undefined {
  const match = new RegExp(`^(${PREFIX}base-[0-9a-f]{16})\\.qcow2$`).exec(diskVolume);
  if (!match) return undefined;
  const name = match[1];
  return { disk: diskVolume, kernel: `${name}-vmlinuz`, initrd: `${name}-initrd.img`, ready: `${name}.ready` };
}

/**
 * A base image is known by the path it was built at (images are never
 * changed in place: a rebuild gets a new folder), so the same image always
 * maps to the same volumes.
 */
export function baseVolumes(baseDisk: string): BaseVolumes {
  const name = `${PREFIX}base-${createHash('sha256').update(baseDisk).digest('hex').slice(0, 16)}`;
  return {
    disk: `${name}.qcow2`,
    kernel: `${name}-vmlinuz`,
    initrd: `${name}-initrd.img`,
    ready: `${name}.ready`,
  };
}

/** The cloud-init instance id: stable for the hosting's life (cloud-init then runs once), new for every hosting. */
export function instanceId(hostingId: string): string {
  return domainName(hostingId);
}

/** The libvirt domain a template is booted in while it is built (`hb-tmpl-<key>`): never a hosting's. */
export function templateDomainName(key: string): string {
  return `${PREFIX}tmpl-${key}`;
}

/** The pool volumes of a template while it is built; gone once its disk and state are in the template store. */
export function templateVolumes(key: string): VmVolumes {
  const name = templateDomainName(key);
  return { disk: `${name}.qcow2`, seed: `${name}-seed.iso`, consoleLog: `${name}-console.log` };
}

/**
 * The cloud-init instance id of a template, and of every hosting restored from it: cloud-init ran its
 * first-boot modules in the template, and a later boot of the hosting must not run them again (they would
 * replace the host keys its owner has learnt).
 */
export function templateInstanceId(key: string): string {
  return templateDomainName(key);
}
