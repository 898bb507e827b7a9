import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/env-reader.js';
import { readVmConfig } from '../../../src/config/vm.js';

describe('readVmConfig', () => {
  it('has working defaults', () => {
    const config = readVmConfig({}, '/srv/hostbay', '0123456789abcdef');
    expect(config).toMatchObject({
      libvirtUri: 'qemu:///system',
      virtType: 'auto',
      networkMode: 'user',
      imageDir: '/srv/hostbay/images',
      storagePool: { name: 'hostbay-0123456789abcdef', dir: '/srv/hostbay/volumes' },
      limits: { vcpus: 1, memoryMb: 512, diskGb: 10 },
      bridge: { network: 'hostbay', device: 'hostbay0', cidr: { address: '10.77.0.0', prefix: 24 } },
    });
  });

  it('reads every setting', () => {
    const config = readVmConfig(
      {
        HOSTBAY_LIBVIRT_URI: 'test:///default',
        HOSTBAY_VIRT_TYPE: 'qemu',
        HOSTBAY_NETWORK_MODE: 'bridge',
        HOSTBAY_VM_WEB_PORTS: '40000-40099',
        HOSTBAY_VM_SSH_PORTS: '40100-40199',
        HOSTBAY_BRIDGE_CIDR: '192.168.50.77/26',
        HOSTBAY_IMAGE_DIR: '/images',
        HOSTBAY_VM_VCPUS: '2',
        HOSTBAY_VM_MEMORY_MB: '1024',
        HOSTBAY_VM_DISK_GB: '20',
        HOSTBAY_SNAPSHOTS_PER_HOSTING: '5',
        HOSTBAY_VM_SHUTDOWN_TIMEOUT: '2m',
        HOSTBAY_STORAGE_POOL: 'vm-disks',
      },
      '/data',
      '0123456789abcdef',
    );
    expect(config.libvirtUri).toBe('test:///default');
    expect(config.virtType).toBe('qemu');
    expect(config.networkMode).toBe('bridge');
    expect(config.webPorts).toEqual({ first: 40000, last: 40099 });
    expect(config.bridge.cidr).toEqual({ address: '192.168.50.64', prefix: 26 });
    expect(config.imageDir).toBe('/images');
    expect(config.limits).toEqual({ vcpus: 2, memoryMb: 1024, diskGb: 20, snapshots: 5 });
    expect(config.shutdownTimeoutSeconds).toBe(120);
    expect(config.storagePool).toEqual({ name: 'vm-disks', dir: '/data/volumes' });
  });

  it.each([
    ['HOSTBAY_VIRT_TYPE', 'xen'],
    ['HOSTBAY_NETWORK_MODE', 'nat'],
    ['HOSTBAY_BRIDGE_CIDR', '10.77.0.0/8'],
    ['HOSTBAY_BRIDGE_CIDR', '10.77.0.300/24'],
    ['HOSTBAY_STORAGE_POOL', 'my pool; rm -rf /'],
    ['HOSTBAY_VM_MEMORY_MB', '64'],
    ['HOSTBAY_SNAPSHOTS_PER_HOSTING', '101'],
    ['HOSTBAY_LIBVIRT_URI', 'qemu system'],
  ])('names %s when it is %j', (variable, value) => {
    let thrown: unknown;
    try {
      readVmConfig({ [variable]: value }, '/data', '0123456789abcdef');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
  });

  it('refuses overlapping port ranges', () => {
    expect(() =>
      readVmConfig(
        { HOSTBAY_VM_WEB_PORTS: '30000-30999', HOSTBAY_VM_SSH_PORTS: '30500-31500' },
        '/data',
        '0123456789abcdef',
      ),
    ).toThrow(/must not overlap/);
  });
});
