import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NoCloudSeedBuilder } from '../../../src/adapters/cloud-init/nocloud-seed-builder.js';
import { TextStateFile } from '../../../src/adapters/files/text-state-file.js';
import { LibvirtHypervisor } from '../../../src/adapters/libvirt/libvirt-hypervisor.js';
import { VirshSession } from '../../../src/adapters/libvirt/virsh-session.js';
import { OpensslPasswordHasher } from '../../../src/adapters/openssl/openssl-password-hasher.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { VirtTypeResolver } from '../../../src/modules/vm/virt-type.js';
import { VmNotFoundError, VmOperationError, VmSpecError } from '../../../src/modules/vm/vm.errors.js';
import { baseVolumes, vmVolumes } from '../../../src/modules/vm/vm-names.js';
import type { AcceleratorProbe } from '../../../src/modules/vm/vm.ports.js';
import { VmService } from '../../../src/modules/vm/vm.service.js';
import type { VmSpecInput } from '../../../src/modules/vm/vm.spec.js';
import { startTestPool, type TestPool } from '../../support/storage-pool.js';
import { bridgeSpec, HOSTING_ID, INSTALLATION_ID, userSpec } from '../../unit/vm/factories.js';

const runner = new NodeProcessRunner();
const noProbe: AcceleratorProbe = { runsGuests: () => Promise.reject(new Error('not probed in this test')) };
const volumes = vmVolumes(HOSTING_ID);

let root: string;
let spec: VmSpecInput;
let hypervisor: LibvirtHypervisor;
let pool: TestPool;
let vms: VmService;

function vmService(installationId: string): VmService {
  return new VmService({
    hypervisor,
    storage: pool.storage,
    seeds: new NoCloudSeedBuilder(runner),
    virtType: new VirtTypeResolver('qemu', noProbe, new TextStateFile(path.join(root, 'virt-type.json'))),
    installationId,
    bridge: { network: 'hostbay', device: 'hostbay0', cidr: { address: '10.77.0.0', prefix: 24 } },
    pollIntervalMs: 20,
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hostbay-vm-'));
  const base = path.join(root, 'images', 'base.qcow2');
  await runner.runChecked(['mkdir', '-p', path.dirname(base)]);
  await runner.runChecked(['qemu-img', 'create', '-q', '-f', 'qcow2', base, '1G']);
  await writeFile(path.join(root, 'images/vmlinuz'), 'kernel');
  await writeFile(path.join(root, 'images/initrd.img'), 'initrd');
  spec = userSpec({
    diskGb: 2,
    baseImage: {
      disk: base,
      kernel: path.join(root, 'images/vmlinuz'),
      initrd: path.join(root, 'images/initrd.img'),
      cmdline: 'root=/dev/vda console=ttyS0',
    },
    access: { siteUrl: 'http://alice.hosting.example.org/', sshHost: 'hosting.example.org', sshPort: 2201 },
  });
  // Domains on the test driver; volumes in a real pool (the test driver cannot upload).
  hypervisor = new LibvirtHypervisor(new VirshSession({ uri: 'test:///default' }));
  pool = await startTestPool(root);
  vms = vmService(INSTALLATION_ID);
  await vms.prepareHost();
});
afterAll(async () => {
  await hypervisor.close();
  await pool.remove();
  await rm(root, { recursive: true, force: true });
});

/** A volume's file, as the host keeps it. */
async function volumeFile(volume: string): Promise<string> {
  return pool.storage.volumePath(volume);
}

async function isoFile(volume: string, name: string): Promise<string> {
  return (await runner.runChecked(['isoinfo', '-i', await volumeFile(volume), '-J', '-x', `/${name}`])).stdout;
}

describe('VmService on the libvirt test driver', () => {
  it('creates a running VM with its overlay disk and seed as volumes of the pool', async () => {
    const endpoints = await vms.createVm(spec);
    expect(endpoints).toEqual({ webHost: '127.0.0.1', webPort: 30001, sshHost: '127.0.0.1', sshPort: 31001 });
    // Direct SSH: QEMU listens on the public address and port; a wildcard is reached on loopback.
    const direct = (sshHost: string) => ({
      ...spec,
      network: { mode: 'user' as const, webPort: 30001, sshPort: 2201, sshHost },
    });
    expect(vms.endpoints(direct('0.0.0.0'))).toMatchObject({ sshHost: '127.0.0.1', sshPort: 2201 });
    expect(vms.endpoints(direct('127.0.0.2'))).toMatchObject({ sshHost: '127.0.0.2', sshPort: 2201 });
    expect(await vms.getVmState(HOSTING_ID)).toBe('running');
    expect(await vms.listVms()).toEqual([HOSTING_ID]);

    // The base image went into the pool once; the VM's disk is an overlay on that volume.
    const base = baseVolumes(spec.baseImage.disk);
    const disk = JSON.parse(
      (await runner.runChecked(['qemu-img', 'info', '--output=json', await volumeFile(volumes.disk)])).stdout,
    ) as Record<string, unknown>;
    expect(disk['backing-filename']).toBe(await volumeFile(base.disk));
    expect(disk['backing-filename-format']).toBe('qcow2');
    expect(disk['virtual-size']).toBe(2 * 1024 ** 3);
    expect(await readFile(await volumeFile(base.kernel), 'utf8')).toBe('kernel');

    const label = (await runner.runChecked(['isoinfo', '-d', '-i', await volumeFile(volumes.seed)])).stdout;
    expect(label).toMatch(/Volume id: cidata/);
    const userData = await isoFile(volumes.seed, 'user-data');
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    const seeded = parse(userData) as { users: { name: string }[]; write_files: { content: string }[] };
    expect(seeded.users[0]?.name).toBe('alice');
    // The welcome page tells the member how to replace it, with this hosting's own address and port.
    expect(seeded.write_files[0]?.content).toContain(
      'scp -P 2201 -r ./site/* alice@hosting.example.org:/var/www/html/',
    );
    const metaData = parse(await isoFile(volumes.seed, 'meta-data')) as Record<string, string>;
    expect(metaData['instance-id']).toBe(`hb-${HOSTING_ID}`);
    expect(await isoFile(volumes.seed, 'network-config')).toContain('mac_address');

    // The domain names its disks by pool and volume, and boots the base image's kernel from the pool.
    const xml = (await hypervisor.domainXml(`hb-${HOSTING_ID}`)) ?? '';
    expect(xml).toContain(`<source pool='${pool.storage.poolName}' volume='${volumes.disk}'/>`);
    expect(xml).toContain(`<kernel>${await volumeFile(base.kernel)}</kernel>`);
    expect(await vms.listVolumeOwners()).toEqual([HOSTING_ID]);
  });

  it("re-runs steps without harm: the disk (the user's files) and the instance id are kept", async () => {
    const diskFile = await volumeFile(volumes.disk);
    await runner.runChecked(['qemu-io', '-c', 'write -P 0x5a 0 64k', '-f', 'qcow2', diskFile]);
    const idBefore = parse(await isoFile(volumes.seed, 'meta-data')) as Record<string, string>;
    await vms.writeSeed(spec);
    await vms.cloneDisk(spec);
    await vms.defineVm(spec);
    await vms.startVm(HOSTING_ID);
    const written = await runner.run(['qemu-io', '-c', 'read -P 0x5a 0 64k', '-f', 'qcow2', diskFile]);
    expect(written.stdout).not.toMatch(/Pattern verification failed/);
    expect(parse(await isoFile(volumes.seed, 'meta-data'))).toEqual(idBefore);
    expect(await vms.getVmState(HOSTING_ID)).toBe('running');
  });

  it('stops, starts and reboots', async () => {
    await vms.stopVm(HOSTING_ID, { timeoutMs: 2000 });
    expect(await vms.getVmState(HOSTING_ID)).toBe('shutoff');
    await vms.stopVm(HOSTING_ID, { timeoutMs: 2000 });
    await vms.startVm(HOSTING_ID);
    await vms.rebootVm(HOSTING_ID);
    expect(await vms.getVmState(HOSTING_ID)).toBe('running');
  });

  it("grows a stopped VM's disk keeping its files, never shrinks it, and refuses while the VM runs", async () => {
    const diskFile = await volumeFile(volumes.disk);
    const size = async () =>
      (
        JSON.parse(
          (await runner.runChecked(['qemu-img', 'info', '--output=json', '--force-share', diskFile])).stdout,
        ) as { 'virtual-size': number }
      )['virtual-size'];
    await expect(vms.growDisk(HOSTING_ID, 3)).rejects.toThrow(/cannot grow while its VM runs/);
    await vms.stopVm(HOSTING_ID, { timeoutMs: 2000 });

    await vms.growDisk(HOSTING_ID, 3);
    expect(await size()).toBe(3 * 1024 ** 3);
    const written = await runner.run(['qemu-io', '-c', 'read -P 0x5a 0 64k', '-f', 'qcow2', diskFile]);
    expect(written.stdout).not.toMatch(/Pattern verification failed/);
    await vms.growDisk(HOSTING_ID, 2);
    await vms.growDisk(HOSTING_ID, 3);
    expect(await size()).toBe(3 * 1024 ** 3);
    await vms.startVm(HOSTING_ID);
  });

  it('deletes everything, and deleting again is fine', async () => {
    await vms.deleteVm(HOSTING_ID);
    expect(await vms.getVmState(HOSTING_ID)).toBe('missing');
    expect(await vms.listVms()).toEqual([]);
    expect(await vms.listVolumeOwners()).toEqual([]);
    await vms.deleteVm(HOSTING_ID);
  });

  it('says which VM is missing', async () => {
    await expect(vms.startVm(HOSTING_ID)).rejects.toBeInstanceOf(VmNotFoundError);
    await expect(vms.stopVm(HOSTING_ID, { timeoutMs: 100 })).rejects.toBeInstanceOf(VmNotFoundError);
    await expect(vms.rebootVm(HOSTING_ID)).rejects.toBeInstanceOf(VmNotFoundError);
  });

  it('leaves nothing behind when creation fails', async () => {
    const broken = { ...spec, baseImage: { ...spec.baseImage, disk: path.join(root, 'images/missing.qcow2') } };
    await expect(vms.createVm(broken)).rejects.toBeInstanceOf(VmOperationError);
    expect(await vms.getVmState(HOSTING_ID)).toBe('missing');
    expect(await vms.listVolumeOwners()).toEqual([]);
  });

  it('refuses a disk smaller than the base image', async () => {
    const bigBase = path.join(root, 'images', 'big.qcow2');
    await runner.runChecked(['qemu-img', 'create', '-q', '-f', 'qcow2', bigBase, '3G']);
    const small = { ...spec, diskGb: 1, baseImage: { ...spec.baseImage, disk: bigBase } };
    await expect(vms.cloneDisk(small)).rejects.toThrow(/smaller than the base image/);
    await vms.deleteVm(HOSTING_ID);
  });

  it('validates every input before acting', async () => {
    await expect(vms.createVm({ ...spec, username: 'Root; reboot' })).rejects.toBeInstanceOf(VmSpecError);
    await expect(vms.deleteVm('../../etc')).rejects.toBeInstanceOf(VmSpecError);
    await expect(vms.getVmState('hb-x')).rejects.toBeInstanceOf(VmSpecError);
  });

  it('creates a bridge-mode VM on the hostbay network, with a password login', async () => {
    const passwordHash = await new OpensslPasswordHasher(runner).hash('correct horse battery staple');
    const bridged = bridgeSpec({ baseImage: spec.baseImage, diskGb: 2, passwordHash });
    await vms.createVm(bridged);
    expect(await hypervisor.networkInfo('hostbay')).toEqual({ active: true, autostart: true });
    const xml = await hypervisor.domainXml(`hb-${HOSTING_ID}`);
    expect(xml).toContain("<source network='hostbay'/>");
    expect(xml).toContain("<parameter name='IP' value='10.77.0.5'/>");
    const userData = await isoFile(volumes.seed, 'user-data');
    expect(userData).toContain(passwordHash);
    expect(userData).not.toContain('correct horse');
    expect(vms.endpoints(bridged)).toEqual({ webHost: '10.77.0.5', webPort: 80, sshHost: '10.77.0.5', sshPort: 22 });
    await vms.deleteVm(HOSTING_ID);
  });
});

describe('VmService among several installations on one libvirt', () => {
  it("lists only its own installation's domains, so it never removes another's as an orphan", async () => {
    const other = vmService('fedcba9876543210');
    await vms.defineVm(spec);
    try {
      expect(await vms.listVms()).toContain(HOSTING_ID);
      expect(await other.listVms()).not.toContain(HOSTING_ID);
    } finally {
      await vms.deleteVm(HOSTING_ID);
    }
  });
});
