import type { DomainState } from './vm.ports.js';

/** A VM's state, in the words the hosting lifecycle needs. */
export type VmState = 'running' | 'paused' | 'shutoff' | 'crashed' | 'missing';

/** libvirt's word for a domain's state in the lifecycle's; undefined for `unknown`. */
export function vmStateOf(state: DomainState): VmState | undefined {
  switch (state) {
    case 'running':
    case 'idle':
    case 'in shutdown':
      return 'running';
    case 'paused':
    case 'pmsuspended':
      return 'paused';
    case 'shut off':
      return 'shutoff';
    case 'crashed':
      return 'crashed';
    case 'missing':
      return 'missing';
    case 'unknown':
      return undefined;
  }
}
