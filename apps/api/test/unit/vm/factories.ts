import type { DomainStorage } from '../../../src/modules/vm/domain-model.js';
import { vmVolumes } from '../../../src/modules/vm/vm-names.js';
import type { VmSpecInput } from '../../../src/modules/vm/vm.spec.js';

/** The installation that owns the test domains. */
export const INSTALLATION_ID = '0123456789abcdef';
export const HOSTING_ID = '3f2a6c1e-8d4b-4f7a-9c2e-5b1d0a7e6f42';
export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBjHq0a2n6cZk8M0j3ZpQ3y0o1m4XW3v6T0l4y2r8n5s alice@laptop';
export const PASSWORD_HASH =
  '$6$hostbaysalt$.aLNOKiYVCku0gaoySz0ioT0gWTfaqwTGyXsSI.ULmdegEsSjnkV9NpaHy/OkMnUZTa22vOfaNxARm82Smid61';

/** A valid user-mode spec; override any part. */
export function userSpec(overrides: Partial<VmSpecInput> = {}): VmSpecInput {
  return {
    hostingId: HOSTING_ID,
    username: 'alice',
    vcpus: 1,
    memoryMb: 512,
    diskGb: 10,
    network: { mode: 'user', webPort: 30001, sshPort: 31001 },
    sshPublicKey: SSH_KEY,
    baseImage: {
      disk: '/var/lib/hostbay/images/debian-12/disk.qcow2',
      kernel: '/var/lib/hostbay/images/debian-12/vmlinuz',
      initrd: '/var/lib/hostbay/images/debian-12/initrd.img',
      cmdline: 'root=/dev/vda console=ttyS0',
    },
    ...overrides,
  };
}

/** A valid bridge-mode spec. */
export function bridgeSpec(overrides: Partial<VmSpecInput> = {}): VmSpecInput {
  return userSpec({
    network: {
      mode: 'bridge',
      network: 'hostbay',
      ip: '10.77.0.5',
      prefix: 24,
      gateway: '10.77.0.1',
      mac: '52:54:00:4a:00:05',
      dns: ['10.77.0.1'],
    },
    sshPublicKey: undefined,
    passwordHash: PASSWORD_HASH,
    ...overrides,
  });
}

/** Where a test hosting's volumes are, as VMService would find them in its pool. */
export function domainStorage(overrides: Partial<DomainStorage> = {}): DomainStorage {
  return {
    pool: 'hostbay-0123456789abcdef',
    volumes: vmVolumes(HOSTING_ID),
    consoleLogPath: `/var/lib/hostbay/volumes/hb-${HOSTING_ID}-console.log`,
    boot: {
      kernel: '/var/lib/hostbay/volumes/hb-base-0000000000000000-vmlinuz',
      initrd: '/var/lib/hostbay/volumes/hb-base-0000000000000000-initrd.img',
    },
    ...overrides,
  };
}
