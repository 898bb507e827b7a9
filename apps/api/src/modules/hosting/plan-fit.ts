import type { PlanLimits } from '../plans/plan.types.js';
import type { HostResources } from './hosting.ports.js';
import type { HostingRecord } from './hosting.types.js';

/** What a plan gives one machine (its other limits, such as snapshots, are not the machine's). */
export type MachineResources = Pick<PlanLimits, 'vcpus' | 'memoryMb' | 'diskGb'>;

/**
 * Why one machine with these limits cannot run on this host, or undefined
 * when it can. Only what one machine asks for is checked: vCPUs are shared
 * between machines, and how many machines run at once is HOSTBAY_CAPACITY's.
 */
export function exceedsHost(limits: MachineResources, host: HostResources): string | undefined {
  if (limits.vcpus > host.cpus)
    return `Your plan gives a machine ${limits.vcpus} vCPUs, but this host has ${host.cpus}. Ask the operator for a plan this host can run.`;
  if (limits.memoryMb > host.memoryMb)
    return `Your plan gives a machine ${limits.memoryMb} MiB of memory, but this host has ${host.memoryMb} MiB. Ask the operator for a plan this host can run.`;
  return undefined;
}

/** What a hosting gets from its plan: its vCPUs and memory, and its disk if larger (a disk never shrinks). */
export function resourcesFor(hosting: Pick<HostingRecord, 'diskGb'>, limits: MachineResources): MachineResources {
  return { vcpus: limits.vcpus, memoryMb: limits.memoryMb, diskGb: Math.max(hosting.diskGb, limits.diskGb) };
}

export function sameResources(hosting: Pick<HostingRecord, 'vcpus' | 'memoryMb' | 'diskGb'>, limits: MachineResources) {
  return hosting.vcpus === limits.vcpus && hosting.memoryMb === limits.memoryMb && hosting.diskGb === limits.diskGb;
}
