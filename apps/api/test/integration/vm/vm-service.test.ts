import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VirshLibvirt } from '../../../src/adapters/libvirt/libvirt.js';
import { VirshSession } from '../../../src/adapters/libvirt/virsh-session.js';
import { NodeProcessRunner } from '../../../src/host/process-runner.js';
import { DiskImages } from '../../../src/modules/vm/disk-images.js';
import { hashGuestPassword } from '../../../src/modules/vm/guest-password.js';
import { SeedImageWriter } from '../../../src/modules/vm/seed-image.js';
import { VirtTypeResolver, type AcceleratorProbe } from '../../../src/modules/vm/virt-type.js';
import { VmNotFoundError, VmOperationError, VmSpecError } from '../../../src/modules/vm/vm-errors.js';
import { VmService } from '../../../src/modules/vm/vm.service.js';
import type { VmSpecInput } from '../../../src/modules/vm/vm-spec.js';
import { bridgeSpec, HOSTING_ID, INSTALLATION_ID, userSpec } from '../../unit/vm/factories.js';

const runner = new NodeProcessRunner();
const noProbe: AcceleratorProbe = { runsGuests: () => Promise.reject(new Error('not probed in this test')) };

let root: string;
let spec: VmSpecInput;
let libvirt: VirshLibvirt;
let vms: VmService;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hostbay-vm-'));
  const base = path.join(root, 'images', 'base.qcow2');
  await runner.runChecked(['mkdir', '-p', path.dirname(base)]);
  await runner.runChecked(['qemu-img', 'create', '-q', '-f', 'qcow2', base, '1G']);
  spec = userSpec({
    diskGb: 2,
    baseImage: {
      disk: base,
      kernel: path.join(root, 'images/vmlinuz'),
      initrd: path.join(root, 'images/initrd.img'),
      cmdline: 'root=/dev/vda console=ttyS0',
    },
  });
  libvirt = new VirshLibvirt(new VirshSession({ uri: 'test:///default' }));
  vms = new VmService({
    libvirt,
    disks: new DiskImages(runner),
    seeds: new SeedImageWriter(runner),
    virtType: new VirtTypeResolver('qemu', noProbe, path.join(root, 'virt-type.json')),
    vmsDir: path.join(root, 'vms'),
    installationId: INSTALLATION_ID,
    bridge: { network: 'hostbay', device: 'hostbay0', cidr: { address: '10.77.0.0', prefix: 24 } },
    pollIntervalMs: 20,
  });
});
afterAll(async () => {
  await libvirt.close();
  await rm(root, { recursive: true, force: true });
});

async function isoFile(iso: string, name: string): Promise<string> {
  return (await runner.runChecked(['isoinfo', '-i', iso, '-J', '-x', `/${name}`])).stdout;
}

describe('VmService on the libvirt test driver', () => {
  it('creates a running VM with its overlay disk and seed', async () => {
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

    const files = vms.files(HOSTING_ID);
    const disk = JSON.parse(
      (await runner.runChecked(['qemu-img', 'info', '--output=json', files.disk])).stdout,
    ) as Record<string, unknown>;
    expect(disk['backing-filename']).toBe(spec.baseImage.disk);
    expect(disk['backing-filename-format']).toBe('qcow2');
    expect(disk['virtual-size']).toBe(2 * 1024 ** 3);

    const label = (await runner.runChecked(['isoinfo', '-d', '-i', files.seed])).stdout;
    expect(label).toMatch(/Volume id: cidata/);
    const userData = await isoFile(files.seed, 'user-data');
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    expect((parse(userData) as { users: { name: string }[] }).users[0]?.name).toBe('alice');
    const metaData = parse(await isoFile(files.seed, 'meta-data')) as Record<string, string>;
    expect(metaData['instance-id']).toMatch(new RegExp(`^hb-${HOSTING_ID}-`));
    expect(await isoFile(files.seed, 'network-config')).toContain('mac_address');
  });

  it('re-runs steps without harm: the disk and the instance id are kept', async () => {
    const files = vms.files(HOSTING_ID);
    const diskBefore = await stat(files.disk);
    const idBefore = await readFile(files.instanceId, 'utf8');
    await vms.writeSeed(spec);
    await vms.cloneDisk(spec);
    await vms.defineVm(spec);
    await vms.startVm(HOSTING_ID);
    expect((await stat(files.disk)).ino).toBe(diskBefore.ino);
    expect(await readFile(files.instanceId, 'utf8')).toBe(idBefore);
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

  it('deletes everything, and deleting again is fine', async () => {
    await vms.deleteVm(HOSTING_ID);
    expect(await vms.getVmState(HOSTING_ID)).toBe('missing');
    expect(await vms.listVms()).toEqual([]);
    await expect(stat(vms.files(HOSTING_ID).dir)).rejects.toMatchObject({ code: 'ENOENT' });
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
    await expect(stat(vms.files(HOSTING_ID).dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a disk smaller than the base image', async () => {
    const small = { ...spec, diskGb: 1, baseImage: { ...spec.baseImage } };
    await runner.runChecked(['qemu-img', 'resize', '-q', spec.baseImage.disk, '3G']);
    await expect(vms.cloneDisk(small)).rejects.toThrow(/smaller than the base image/);
    await runner.runChecked(['qemu-img', 'resize', '-q', '--shrink', spec.baseImage.disk, '1G']);
    await vms.deleteVm(HOSTING_ID);
  });

  it('validates every input before acting', async () => {
    await expect(vms.createVm({ ...spec, username: 'Root; reboot' })).rejects.toBeInstanceOf(VmSpecError);
    await expect(vms.deleteVm('../../etc')).rejects.toBeInstanceOf(VmSpecError);
    await expect(vms.getVmState('hb-x')).rejects.toBeInstanceOf(VmSpecError);
  });

  it('creates a bridge-mode VM on the hostbay network, with a password login', async () => {
    const passwordHash = await hashGuestPassword(runner, 'correct horse battery staple');
    const bridged = bridgeSpec({ baseImage: spec.baseImage, diskGb: 2, passwordHash });
    await vms.createVm(bridged);
    expect(await libvirt.networkInfo('hostbay')).toEqual({ active: true, autostart: true });
    const xml = await libvirt.domainXml(`hb-${HOSTING_ID}`);
    expect(xml).toContain("<source network='hostbay'/>");
    expect(xml).toContain("<parameter name='IP' value='10.77.0.5'/>");
    const userData = await isoFile(vms.files(HOSTING_ID).seed, 'user-data');
    expect(userData).toContain(passwordHash);
    expect(userData).not.toContain('correct horse');
    expect(vms.endpoints(bridged)).toEqual({ webHost: '10.77.0.5', webPort: 80, sshHost: '10.77.0.5', sshPort: 22 });
    await vms.deleteVm(HOSTING_ID);
  });
});

describe('VmService among several installations on one libvirt', () => {
  it("lists only its own installation's domains, so it never removes another's as an orphan", async () => {
    const other = new VmService({
      libvirt,
      disks: new DiskImages(runner),
      seeds: new SeedImageWriter(runner),
      virtType: new VirtTypeResolver('qemu', noProbe, path.join(root, 'virt-type.json')),
      vmsDir: path.join(root, 'other-vms'),
      installationId: 'fedcba9876543210',
    });
    await vms.defineVm(spec);
    try {
      expect(await vms.listVms()).toContain(HOSTING_ID);
      expect(await other.listVms()).not.toContain(HOSTING_ID);
    } finally {
      await vms.deleteVm(HOSTING_ID);
    }
  });
});
