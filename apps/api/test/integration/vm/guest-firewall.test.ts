import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemAccounts } from '../../../src/adapters/accounts/system-accounts.js';
import { NftPacketFilter } from '../../../src/adapters/nftables/nft-packet-filter.js';
import { NodeProcessRunner, type ProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { DEFAULT_BLOCKED_NETWORKS } from '../../../src/config/vm.js';
import {
  GUEST_ACCOUNT,
  guestFirewallTable,
  networkList,
  renderGuestFirewall,
  type GuestFirewallPolicy,
} from '../../../src/modules/vm/guest-firewall.js';
import { NetnsLab } from '../../support/netns-lab.js';

const INSTALLATION = '0f1e2d3c4b5a6978';
const TABLE = guestFirewallTable(INSTALLATION);
const runner = new NodeProcessRunner();

/** nft inside one namespace: the rules the test loads never reach the root namespace. */
function runnerIn(ns: string): ProcessRunner {
  return {
    run: (command, options) => runner.run(['ip', 'netns', 'exec', ns, ...command], options),
    runChecked: (command, options) => runner.runChecked(['ip', 'netns', 'exec', ns, ...command], options),
  };
}

function policy(overrides: Partial<GuestFirewallPolicy>): GuestFirewallPolicy {
  return {
    table: TABLE,
    installationId: INSTALLATION,
    userMode: undefined,
    bridge: undefined,
    blocked: networkList(DEFAULT_BLOCKED_NETWORKS),
    reachable: networkList([]),
    ...overrides,
  };
}

/**
 * The guest firewall with real nftables, in namespaces the test makes:
 * `host` stands for the Hostbay host (the API on its loopback, an address
 * of its own on the outside link), `out` for the Internet (an address in a
 * documentation range) and for a LAN behind it (an address in 10.0.0.0/8).
 */
describe('guest firewall (real nftables in test namespaces)', () => {
  const lab = new NetnsLab();
  let host: string;
  let out: string;
  let filter: NftPacketFilter;
  let guestUid: number;

  beforeAll(async () => {
    guestUid = (await new SystemAccounts(runner).ensure(GUEST_ACCOUNT)).uid;
    host = await lab.namespace('host');
    out = await lab.namespace('out');
    await lab.link({ ns: host, address: '198.51.100.1/30' }, { ns: out, address: '198.51.100.2/30' });
    await lab.exec(out, ['ip', 'addr', 'add', '10.200.0.2/32', 'dev', 'lo']);
    await lab.exec(host, ['ip', 'route', 'add', '10.200.0.2/32', 'via', '198.51.100.2']);
    await lab.listen(host, [
      { address: '127.0.0.1', port: 8080 },
      { address: '198.51.100.1', port: 5432 },
      { address: '127.0.0.1', port: 53 },
    ]);
    await lab.listen(out, [
      { address: '198.51.100.2', port: 80 },
      { address: '10.200.0.2', port: 80 },
    ]);
    filter = new NftPacketFilter(runnerIn(host));
  });

  afterAll(() => lab.close());

  describe('user mode: connections QEMU opens as the guest account', () => {
    beforeAll(() => filter.load(renderGuestFirewall(policy({ userMode: { account: GUEST_ACCOUNT, uid: guestUid } }))));

    it('refuses the host: its loopback (10.0.2.2 in the guest) and its own addresses', async () => {
      expect(await lab.connect(host, '127.0.0.1', 8080, guestUid)).toBe('refused');
      expect(await lab.connect(host, '198.51.100.1', 5432, guestUid)).toBe('refused');
    });

    it('refuses a private network, and lets the Internet answer', async () => {
      expect(await lab.connect(host, '10.200.0.2', 80, guestUid)).toBe('refused');
      expect(await lab.connect(host, '198.51.100.2', 80, guestUid)).toBe('answered');
    });

    it('lets name resolution through to the host (QEMU forwards the guest’s DNS to it)', async () => {
      expect(await lab.connect(host, '127.0.0.1', 53, guestUid)).toBe('answered');
    });

    it('leaves every other process of the host alone', async () => {
      expect(await lab.connect(host, '127.0.0.1', 8080)).toBe('answered');
      expect(await lab.connect(host, '10.200.0.2', 80)).toBe('answered');
    });

    it('opens a reachable exception inside a blocked network, and a reload replaces the table', async () => {
      const withMirror = policy({
        userMode: { account: GUEST_ACCOUNT, uid: guestUid },
        reachable: networkList(['10.200.0.2/32']),
      });
      await filter.load(renderGuestFirewall(withMirror));
      expect(await lab.connect(host, '10.200.0.2', 80, guestUid)).toBe('answered');
      expect(await lab.connect(host, '127.0.0.1', 8080, guestUid)).toBe('refused');
      await filter.load(renderGuestFirewall(policy({ userMode: { account: GUEST_ACCOUNT, uid: guestUid } })));
      expect(await lab.connect(host, '10.200.0.2', 80, guestUid)).toBe('refused');
    });

    it('is gone, with all its refusals, when removed', async () => {
      await filter.removeTable(TABLE);
      expect(await filter.hasTable(TABLE)).toBe(false);
      expect(await lab.connect(host, '127.0.0.1', 8080, guestUid)).toBe('answered');
      await filter.removeTable(TABLE);
    });
  });

  describe('bridge mode: guests behind the host’s bridge', () => {
    let guest: string;
    let neighbour: string;

    beforeAll(async () => {
      // The bridge with the host's gateway address, as libvirt's NAT network makes it.
      await lab.exec(host, ['ip', 'link', 'add', 'hbfwbr0', 'type', 'bridge']);
      await lab.exec(host, ['ip', 'addr', 'add', '10.231.0.1/24', 'dev', 'hbfwbr0']);
      await lab.exec(host, ['ip', 'link', 'set', 'hbfwbr0', 'up']);
      await lab.exec(host, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      await lab.exec(out, ['ip', 'route', 'add', '10.231.0.0/24', 'via', '198.51.100.1']);
      await lab.listen(host, [
        { address: '10.231.0.1', port: 8080 },
        { address: '10.231.0.1', port: 53 },
      ]);
      guest = await lab.namespace('guest');
      neighbour = await lab.namespace('nbr');
      for (const [ns, address] of [
        [guest, '10.231.0.5/24'],
        [neighbour, '10.231.0.6/24'],
      ] as const) {
        const ends = await lab.link({ ns: host, address: '' }, { ns, address });
        await lab.exec(host, ['ip', 'link', 'set', ends.a, 'master', 'hbfwbr0']);
        await lab.exec(ns, ['ip', 'route', 'add', 'default', 'via', '10.231.0.1']);
      }
      await lab.listen(neighbour, [{ address: '10.231.0.6', port: 22 }]);
      await filter.load(renderGuestFirewall(policy({ bridge: { device: 'hbfwbr0' } })));
    });

    it('refuses every address of the host but its DNS', async () => {
      expect(await lab.connect(guest, '10.231.0.1', 8080)).toBe('refused');
      expect(await lab.connect(guest, '198.51.100.1', 5432)).toBe('refused');
      expect(await lab.connect(guest, '10.231.0.1', 53)).toBe('answered');
    });

    it('refuses private networks beyond the host, and lets the Internet answer', async () => {
      expect(await lab.connect(guest, '10.200.0.2', 80)).toBe('refused');
      expect(await lab.connect(guest, '198.51.100.2', 80)).toBe('answered');
    });

    it('still lets the host open connections to its guests (the edge, the readiness probe)', async () => {
      expect(await lab.connect(host, '10.231.0.6', 22)).toBe('answered');
    });
  });
});
