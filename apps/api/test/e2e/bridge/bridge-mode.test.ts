import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NoCloudSeedBuilder } from '../../../src/adapters/cloud-init/nocloud-seed-builder.js';
import { TextStateFile } from '../../../src/adapters/files/text-state-file.js';
import { LibvirtHypervisor } from '../../../src/adapters/libvirt/libvirt-hypervisor.js';
import { LibvirtStorage } from '../../../src/adapters/libvirt/libvirt-storage.js';
import { VirshSession } from '../../../src/adapters/libvirt/virsh-session.js';
import { SystemAccounts } from '../../../src/adapters/accounts/system-accounts.js';
import { NftPacketFilter } from '../../../src/adapters/nftables/nft-packet-filter.js';
import { NodeProcessRunner, type ProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { DEFAULT_BLOCKED_NETWORKS } from '../../../src/config/vm.js';
import { runImageBuild } from '../../../src/cli/image-build.js';
import { VirtTypeResolver } from '../../../src/modules/vm/virt-type.js';
import { vmVolumes } from '../../../src/modules/vm/vm-names.js';
import type { AcceleratorProbe } from '../../../src/modules/vm/vm.ports.js';
import type { VmSpecInput } from '../../../src/modules/vm/vm.spec.js';
import { VmService } from '../../../src/modules/vm/vm.service.js';
import { NetnsLab } from '../../support/netns-lab.js';
import { e2eImageConfig } from '../image/image-support.js';
import { guestProbeScript, parseGuestProbe } from '../support/reach.js';
import { filterBindings, isoFile, liveNics } from './bridge-inspect.js';
import { checkPrerequisites, startPrivateLibvirt, type PrivateLibvirt } from './private-libvirt.js';

const runner = new NodeProcessRunner();
/** TCG: nested guests do not boot on the build machines (DESIGN.md §4), and the type is not under test. */
const noProbe: AcceleratorProbe = { runsGuests: () => Promise.reject(new Error('not probed in this test')) };

/**
 * The test's own allocation, as the hosting lifecycle would make it. The
 * subnet exists only inside the test's network namespace.
 */
const BRIDGE = { network: 'hostbay', device: 'hostbay0', cidr: { address: '10.231.0.0', prefix: 24 } };
const GUEST_IP = '10.231.0.5';
const GUEST_MAC = '52:54:00:e7:00:05';
const USERNAME = 'bridgetest';
const INSTALLATION_ID = 'b41d9e0000000001';
const HOSTING_ID = randomUUID();
const DOMAIN = `hb-${HOSTING_ID}`;
/** From `virsh start` to the user's page under TCG: about 90 s on a quiet machine, about 160 s beside another booting VM. */
const BOOT_TIMEOUT_MS = 240_000;

/** A runner whose commands run inside the network namespace (the guest firewall's nft). */
function inNamespace(netns: string): ProcessRunner {
  return {
    run: (command, options) => runner.run(['ip', 'netns', 'exec', netns, ...command], options),
    runChecked: (command, options) => runner.runChecked(['ip', 'netns', 'exec', netns, ...command], options),
  };
}

/** Whether the root network namespace has a link of that name (the test must never add one). */
async function rootHasLink(name: string): Promise<boolean> {
  return (await runner.run(['ip', 'link', 'show', 'dev', name])).exitCode === 0;
}

/**
 * Bridge mode end to end, inside a network namespace this test creates:
 * the real VmService drives a private libvirtd there (through a virsh that
 * enters the namespaces), which makes the `hostbay` network and boots one
 * real guest under TCG on it. Every address involved lives in the namespace.
 */
describe('bridge mode in a private network namespace (real libvirtd, real VM under TCG)', () => {
  let libvirtd: PrivateLibvirt | undefined;
  let libvirt: LibvirtHypervisor | undefined;
  let storage: LibvirtStorage | undefined;
  let vms: VmService;
  let spec: VmSpecInput;
  let scratch: string | undefined;
  let keyFile: string;
  let rootHadBridge: boolean;
  /** The guest's tap device (vnetN), once it runs. */
  let tap: string | undefined;

  beforeAll(async () => {
    // Missing packages fail here at once, before a possible image build.
    await checkPrerequisites();
    // The image of this checkout: reused when its inputs are unchanged, else built (about 4 minutes).
    const { image } = await runImageBuild({ config: e2eImageConfig(), display: 'lines' });
    if (image.kernel === undefined || image.initrd === undefined || image.cmdline === undefined) {
      throw new Error(
        `The bridge-mode test boots a built image with direct kernel boot; ${image.disk} has no kernel/initrd (HOSTBAY_IMAGE is set?).`,
      );
    }
    scratch = await mkdtemp(path.join(tmpdir(), 'hostbay-bridge-'));
    // QEMU may run as libvirt-qemu: it must reach the VM folder below.
    await chmod(scratch, 0o711);
    keyFile = path.join(scratch, 'id_ed25519');
    await runner.runChecked(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'bridge-e2e', '-f', keyFile]);
    spec = {
      hostingId: HOSTING_ID,
      username: USERNAME,
      vcpus: 1,
      memoryMb: 1024,
      // The built image is 2 GiB; the overlay may not be smaller.
      diskGb: 4,
      network: {
        mode: 'bridge',
        network: BRIDGE.network,
        ip: GUEST_IP,
        prefix: BRIDGE.cidr.prefix,
        gateway: '10.231.0.1',
        mac: GUEST_MAC,
        dns: ['10.231.0.1'],
      },
      sshPublicKey: (await readFile(`${keyFile}.pub`, 'utf8')).trim(),
      baseImage: { disk: image.disk, kernel: image.kernel, initrd: image.initrd, cmdline: image.cmdline },
    };

    rootHadBridge = await rootHasLink(BRIDGE.device);
    libvirtd = await startPrivateLibvirt(runner);
    const session = () => new VirshSession({ uri: 'qemu:///system', virshPath: libvirtd!.virshPath });
    libvirt = new LibvirtHypervisor(session());
    storage = new LibvirtStorage(session(), {
      pool: `hostbay-${INSTALLATION_ID}`,
      defaultDir: path.join(scratch, 'volumes'),
    });
    vms = new VmService({
      hypervisor: libvirt,
      storage,
      // The real seed builder; the guest user also gets sudo, to try to spoof an address below.
      seeds: new NoCloudSeedBuilder(runner),
      virtType: new VirtTypeResolver('qemu', noProbe, new TextStateFile(path.join(scratch, 'virt-type.json'))),
      installationId: INSTALLATION_ID,
      bridge: BRIDGE,
      // As Hostbay isolates guests on its host, but with nft run inside the namespace.
      guestIsolation: {
        accounts: new SystemAccounts(runner),
        filter: new NftPacketFilter(inNamespace(libvirtd.netns)),
        blockedNetworks: DEFAULT_BLOCKED_NETWORKS,
        reachableNetworks: [],
        volumeDir: path.join(scratch, 'volumes'),
      },
    });
    await vms.prepareHost();
  });

  afterAll(async () => {
    // Each step runs whatever the previous one did, so a failure never leaves a namespace behind.
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<void>) => step().catch((error: unknown) => problems.push(error));
    if (libvirt) await attempt(() => vms.deleteVm(HOSTING_ID));
    if (storage) await attempt(() => storage!.removePool());
    if (libvirt) await attempt(() => libvirt!.close());
    if (libvirtd) await attempt(() => libvirtd!.stop());
    if (scratch) await attempt(() => rm(scratch!, { recursive: true, force: true }));
    if (problems.length > 0) throw new AggregateError(problems, 'bridge-mode teardown failed');
  });

  const ns = () => {
    if (!libvirtd) throw new Error('the private libvirtd did not start');
    return libvirtd;
  };
  /** GET / of an address, from inside the namespace: the request goes over hostbay0 and nowhere else. */
  const visit = (address: string) => ns().inNetns(['curl', '-sS', '--max-time', '3', `http://${address}/`]);
  /** A command in the guest as its user, over SSH from inside the namespace. */
  const inGuest = (command: string) =>
    ns().inNetns(
      [
        'ssh',
        '-i',
        keyFile,
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'ConnectTimeout=10',
        '-o',
        'LogLevel=error',
        `${USERNAME}@${GUEST_IP}`,
        command,
      ],
      { timeoutMs: 60_000 },
    );
  /** One virsh command on the private libvirtd, outside VmService. */
  const virsh = async (args: string[]) => {
    const session = new VirshSession({ uri: 'qemu:///system', virshPath: ns().virshPath });
    try {
      return await session.run(args);
    } finally {
      await session.close();
    }
  };

  it('ensureNetwork makes the hostbay bridge inside the namespace, and nothing leaves it', async () => {
    await vms.ensureNetwork();
    // Again: an active, autostarted network is left as it is.
    await vms.ensureNetwork();
    expect(await libvirt!.networkInfo(BRIDGE.network)).toEqual({ active: true, autostart: true });

    const address = await runner.runChecked(['ip', '-n', ns().netns, '-4', '-o', 'addr', 'show', 'dev', 'hostbay0']);
    expect(address.stdout).toContain('inet 10.231.0.1/24');
    expect(await rootHasLink(BRIDGE.device), 'the bridge must not appear in the root namespace').toBe(rootHadBridge);

    // network-xml.ts renders <forward mode='nat'>: libvirt's MASQUERADE rules land in the
    // namespace's own iptables, and the namespace has no uplink and no default route, so
    // the NAT has nowhere to send anything. The guest reaches the namespace and no further.
    const links = await runner.runChecked(['ip', '-n', ns().netns, '-o', 'link', 'show']);
    const names = links.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(': ')[1]?.split('@')[0]);
    expect(names.sort()).toEqual(['hostbay0', 'lo']);
    const defaultRoute = await runner.runChecked(['ip', '-n', ns().netns, 'route', 'show', 'default']);
    expect(defaultRoute.stdout.trim()).toBe('');
  });

  it('createVm starts a bridge-mode VM whose NIC is bound to clean-traffic with its own IP and MAC', async () => {
    const endpoints = await vms.createVm(spec);
    expect(endpoints).toEqual({ webHost: GUEST_IP, webPort: 80, sshHost: GUEST_IP, sshPort: 22 });
    expect(await vms.getVmState(HOSTING_ID)).toBe('running');

    // The live XML: what libvirt made of the definition once the VM runs.
    const nics = liveNics((await libvirt!.domainXml(DOMAIN)) ?? '');
    expect(nics).toHaveLength(1);
    const nic = nics[0]!;
    expect(nic).toMatchObject({
      type: 'network',
      network: BRIDGE.network,
      bridge: BRIDGE.device,
      mac: GUEST_MAC,
      filter: 'clean-traffic',
    });
    expect(nic.filterParameters).toEqual({ IP: GUEST_IP });
    expect(nic.tap, 'a running NIC has a tap device').toMatch(/^vnet\d+$/);
    tap = nic.tap!;

    // The filter is instantiated on that tap: a binding exists, and its rules are in the kernel.
    expect(filterBindings(await virsh(['nwfilter-binding-list'])).get(tap)).toBe('clean-traffic');
    const binding = await virsh(['nwfilter-binding-dumpxml', tap]);
    expect(binding).toContain(`<mac address='${GUEST_MAC}'/>`);
    expect(binding).toContain(`<parameter name='IP' value='${GUEST_IP}'/>`);
    const rules = await ns().inNetns(['ebtables', '-t', 'nat', '-L']);
    expect(rules.exitCode, rules.stderr).toBe(0);
    expect(rules.stdout).toContain(tap);
    expect(rules.stdout.toLowerCase()).toContain(GUEST_MAC);
    expect(rules.stdout).toContain(GUEST_IP);
    expect(await rootHasLink(tap), 'the tap must not be in the root namespace').toBe(false);

    // The seed tells the guest its static address, matched by the MAC libvirt gave the NIC.
    const networkConfig = parse(
      await isoFile(runner, await storage!.volumePath(vmVolumes(HOSTING_ID).seed), 'network-config'),
    ) as {
      config: { mac_address: string; subnets: Record<string, unknown>[] }[];
    };
    expect(networkConfig.config).toEqual([
      expect.objectContaining({
        mac_address: GUEST_MAC,
        subnets: [
          {
            type: 'static',
            address: `${GUEST_IP}/24`,
            gateway: '10.231.0.1',
            dns_nameservers: ['10.231.0.1'],
          },
        ],
      }),
    ]);
  });

  it(
    'the guest serves the user page at its own address, seen from inside the namespace, and takes the SSH key',
    { timeout: BOOT_TIMEOUT_MS + 60_000 },
    async () => {
      const startedAt = Date.now();
      let page = '';
      let lastProblem = '';
      while (Date.now() - startedAt < BOOT_TIMEOUT_MS) {
        const answer = await visit(GUEST_IP);
        if (answer.exitCode === 0 && answer.stdout.includes(`Welcome, ${USERNAME}!`)) {
          page = answer.stdout;
          break;
        }
        lastProblem = answer.stderr.trim() || answer.stdout.slice(0, 200);
        await sleep(2000);
      }
      const consoleTail = async () =>
        (await readFile(await storage!.volumePath(vmVolumes(HOSTING_ID).consoleLog), 'utf8').catch(() => ''))
          .split('\n')
          .slice(-30)
          .join('\n');
      expect(
        page,
        `no user page at http://${GUEST_IP}/ after ${BOOT_TIMEOUT_MS} ms (${lastProblem}); console:\n${await consoleTail()}`,
      ).toContain(`Welcome, ${USERNAME}!`);
      console.log(`bridge mode: the user page answered ${Date.now() - startedAt} ms after createVm returned`);

      // On a first boot sshd can come up seconds after the web server (cloud-init makes its host keys
      // first): a refused connection is retried, anything else is the answer.
      let login = await inGuest('id -un; ip -4 -o addr show scope global; ip route show default');
      for (let tries = 0; login.exitCode !== 0 && /Connection refused/.test(login.stderr) && tries < 30; tries++) {
        await sleep(2000);
        login = await inGuest('id -un; ip -4 -o addr show scope global; ip route show default');
      }
      expect(login.exitCode, login.stderr).toBe(0);
      const [user, ...network] = login.stdout.trim().split('\n');
      expect(user).toBe(USERNAME);
      // Exactly the allocated address, from the seed, not from a DHCP server (there is none).
      expect(network.join('\n')).toMatch(new RegExp(`inet ${GUEST_IP.replaceAll('.', '\\.')}/24 `));
      expect(network.filter((line) => line.includes(' inet '))).toHaveLength(1);
      expect(network.join('\n')).toContain('default via 10.231.0.1');
    },
  );

  it('the guest reaches the outside through the NAT, but nothing of the host and no other guest', async () => {
    if (tap === undefined) throw new Error('the VM did not start (see the tests before)');
    const lab = new NetnsLab();
    try {
      // The outside: a namespace of the test's behind the host's namespace, in a documentation range.
      const outside = await lab.namespace('out');
      await lab.link({ ns: ns().netns, address: '198.51.100.1/30' }, { ns: outside, address: '198.51.100.2/30' });
      await lab.listen(outside, [{ address: '198.51.100.2', port: 8080 }]);
      // The host's services: one on the gateway address (where the API or PostgreSQL would listen
      // on 0.0.0.0), one on its other address.
      await lab.listen(ns().netns, [
        { address: '10.231.0.1', port: 8080 },
        { address: '198.51.100.1', port: 5432 },
      ]);
      // Another guest on the bridge, on an isolated port as libvirt makes every guest's.
      const neighbour = await lab.namespace('nbr');
      const ends = await lab.link({ ns: ns().netns, address: '' }, { ns: neighbour, address: '10.231.0.6/24' });
      await lab.exec(ns().netns, ['ip', 'link', 'set', ends.a, 'master', BRIDGE.device]);
      await lab.exec(ns().netns, ['bridge', 'link', 'set', 'dev', ends.a, 'isolated', 'on']);
      await lab.listen(neighbour, [{ address: '10.231.0.6', port: 22 }]);
      // Control: the host reaches the neighbour (once STP lets the new port forward: about 4 s)
      // and its own services.
      let neighbourSeen = 'timeout';
      for (let attempt = 0; attempt < 10 && neighbourSeen !== 'answered'; attempt += 1) {
        neighbourSeen = await lab.connect(ns().netns, '10.231.0.6', 22);
      }
      expect(neighbourSeen).toBe('answered');
      expect(await lab.connect(ns().netns, '10.231.0.1', 8080)).toBe('answered');

      const isolated = await ns().inNetns(['bridge', '-d', 'link', 'show', 'dev', tap!]);
      expect(isolated.stdout, 'libvirt isolates the guest’s port').toMatch(/isolated on/);

      const probe = async (targets: string[]) => {
        const result = await inGuest(guestProbeScript(targets));
        expect(result.exitCode, result.stderr).toBe(0);
        return parseGuestProbe(result.stdout);
      };
      const seen = await probe([
        '198.51.100.2:8080',
        '10.231.0.1:8080',
        '198.51.100.1:5432',
        '10.231.0.1:53',
        '10.231.0.6:22',
      ]);
      // No ARP answer across isolated ports: the other guest is simply not there.
      expect(['timeout', 'unreachable']).toContain(seen.get('10.231.0.6:22'));
      seen.delete('10.231.0.6:22');
      expect(Object.fromEntries(seen)).toEqual({
        '198.51.100.2:8080': 'answered',
        '10.231.0.1:8080': 'refused',
        '198.51.100.1:5432': 'refused',
        // DNS on the gateway (libvirt's dnsmasq) stays: guests resolve names through it.
        '10.231.0.1:53': 'connected',
      });

      // The refusals are the guest firewall's: without its table the gateway's service answers.
      await ns().inNetns(['nft', 'delete', 'table', 'inet', `hostbay_${INSTALLATION_ID}`]);
      expect((await probe(['10.231.0.1:8080'])).get('10.231.0.1:8080')).toBe('answered');
    } finally {
      await lab.close();
    }
  });

  it('clean-traffic keeps the guest from taking an address that is not its own', async () => {
    if (tap === undefined) throw new Error('the VM did not start (see the test before)');
    const other = '10.231.0.99';
    const taken = await inGuest(`sudo -n ip addr add ${other}/24 dev eth0 && ip -4 -o addr show dev eth0`);
    expect(taken.exitCode, taken.stderr).toBe(0);
    expect(taken.stdout).toContain(`inet ${other}/24`);

    // The guest answers for its own address; for the taken one its ARP replies and packets are dropped.
    expect((await visit(GUEST_IP)).stdout).toContain(`Welcome, ${USERNAME}!`);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const stolen = await visit(other);
      expect(stolen.exitCode, `${other} answered: ${stolen.stdout.slice(0, 200)}`).not.toBe(0);
    }

    // Control: without the filter the same address answers, so it was clean-traffic that stopped it.
    await virsh(['nwfilter-binding-delete', tap]);
    await runner.runChecked(['ip', '-n', ns().netns, 'neigh', 'flush', 'dev', BRIDGE.device]);
    let unfiltered = '';
    for (let attempt = 0; attempt < 5 && !unfiltered.includes('Welcome'); attempt += 1) {
      unfiltered = (await visit(other)).stdout;
    }
    expect(unfiltered, `${other} does not answer even without the filter`).toContain(`Welcome, ${USERNAME}!`);
  });
});
