import type { HostingRecord } from './hosting.types.js';
import type { ProxyService } from '../proxy/proxy-service.js';
import type { VmService } from '../vm/vm.service.js';

/** What the lifecycle needs of the VM layer (VMService implements it). */
export type VmPort = Pick<
  VmService,
  | 'writeSeed'
  | 'removeSeed'
  | 'cloneDisk'
  | 'removeDisk'
  | 'defineVm'
  | 'undefineVm'
  | 'startVm'
  | 'stopVm'
  | 'rebootVm'
  | 'getVmState'
  | 'listVms'
  | 'endpoints'
  | 'waitForVmReady'
  | 'deleteVm'
>;

/** What the lifecycle needs of the edge (ProxyService implements it). */
export type EdgePort = Pick<ProxyService, 'addProxyRule' | 'removeProxyRule' | 'listRoutes' | 'syncRoutes'>;

/** Checks that a user's site answers, as a visitor would reach it. */
export interface SiteProbe {
  probe(hosting: HostingRecord, signal: AbortSignal): Promise<void>;
}
