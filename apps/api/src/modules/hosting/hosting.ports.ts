import type { SiteHttps } from '@hostbay/contract/tls';
import type { Transactor } from '../../db/transaction.js';
import type { TemplateShape } from '../vm/template.js';
import type { PlanLimits } from '../plans/plan.types.js';
import type { ProxyService } from '../proxy/proxy.service.js';
import type { VmService } from '../vm/vm.service.js';
import type { BaseImageSpec } from '../vm/vm.spec.js';
import type { AllocationRepository } from './allocation.repository.js';
import type { HostingRecord } from './hosting.types.js';
import type { HostingRepository } from './hosting.repository.js';
import type { JobRepository } from './job.repository.js';

/**
 * What the hosting lifecycle needs from outside the module, as small
 * interfaces: the VM layer, the proxy, a visitor's view of the site, the
 * stores. The composition root hands it the real ones; the unit tier, fakes.
 */

/** What the lifecycle needs of the VM layer (VMService implements it). */
export type VmPort = Pick<
  VmService,
  | 'writeSeed'
  | 'cloneDisk'
  | 'removeDisk'
  | 'defineVm'
  | 'undefineVm'
  | 'startVm'
  | 'stopVm'
  | 'restoreVm'
  | 'personaliseVm'
  | 'discardSavedState'
  | 'rebootVm'
  | 'getVmState'
  | 'listVms'
  | 'listVolumeOwners'
  | 'deleteVolumesOf'
  | 'endpoints'
  | 'waitForVmReady'
  | 'deleteVm'
  | 'volumes'
  | 'growDisk'
  | 'hostResources'
>;

/** Each member's plan, as the lifecycle needs it: the limits their hosting's machine gets. */
export interface MemberPlans {
  limitsOf(userId: string): Promise<PlanLimits>;
}

/** What the host has for one machine: a machine never gets more vCPUs or memory than this. */
export interface HostResources {
  cpus: number;
  memoryMb: number;
}

/** What the lifecycle needs of the ProxyService: its routes, which the edge (nginx) serves. */
export type ProxyPort = Pick<ProxyService, 'addProxyRule' | 'removeProxyRule' | 'listRoutes' | 'syncRoutes'>;

/** HTTPS of members' sites (the TLS module's TlsStatus): a site's web URL turns https:// once it has a certificate. */
export interface SiteHttpsSource {
  ofSite(username: string): Promise<SiteHttps>;
  urlOf(name: string, https: SiteHttps): string;
}

/** Checks that a user's site answers, as a visitor would reach it. */
export interface SiteProbe {
  probe(hosting: HostingRecord, signal: AbortSignal): Promise<void>;
}

/** The password of a hosting created without an SSH key. */
export interface GuestCredentials {
  generatePassword(): string;
  /** A crypt hash for the guest's /etc/shadow. */
  hashPassword(password: string): Promise<string>;
}

/** The base image new hostings start from (Hostbay's built image, or the operator's cloud image). */
export interface BaseImageSource {
  resolve(): Promise<BaseImageSpec>;
}

/** Ready templates for new hostings (template-keeper.ts); absent where hostings always boot. */
export interface TemplateSource {
  /** The ready template for this image and machine, or undefined (and one is then built for next time). */
  readyFor(shape: TemplateShape, baseImage: BaseImageSpec): Promise<{ key: string; disk: string } | undefined>;
}

/** The stores, as the lifecycle uses them (the repositories, or in-memory fakes). */
export type HostingStore = Pick<HostingRepository, keyof HostingRepository>;
export type JobStore = Pick<JobRepository, keyof JobRepository>;
export type AllocationStore = Pick<AllocationRepository, keyof AllocationRepository>;

export interface HostingStores {
  hostings: HostingStore;
  jobs: JobStore;
  allocations: AllocationStore;
}

/** Runs work in one transaction over the stores: all of it is stored, or none. */
export type HostingTransactor = Transactor<HostingStores>;

/** Where job progress is logged (pino's shape). */
export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Snapshots of a hosting's disk on the host (the VM layer's DiskSnapshots implements it). */
export interface DiskSnapshotPort {
  take(hostingId: string, snapshotId: string): Promise<{ takenWhile: 'running' | 'stopped'; sizeBytes: number }>;
  restore(hostingId: string, snapshotId: string, diskGb: number): Promise<void>;
  remove(hostingId: string, snapshotId: string): Promise<void>;
}

/** Where a snapshot job records how its snapshot came out, and what a hosting's deletion forgets (the snapshots' repository). */
export interface SnapshotRecords {
  markReady(id: string, taken: { takenWhile: 'running' | 'stopped'; sizeBytes: number }): Promise<void>;
  markFailed(id: string, problem: string): Promise<void>;
  listByHosting(hostingId: string): Promise<{ id: string }[]>;
  removeAllOf(hostingId: string): Promise<void>;
}
