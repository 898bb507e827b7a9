import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKED_NETWORKS } from '../../../src/config/vm.js';
import { networkList, renderGuestFirewall, type GuestFirewallPolicy } from '../../../src/modules/vm/guest-firewall.js';

const base: GuestFirewallPolicy = {
  table: 'hostbay_0123456789abcdef',
  installationId: '0123456789abcdef',
  userMode: undefined,
  bridge: undefined,
  blocked: networkList(DEFAULT_BLOCKED_NETWORKS),
  reachable: networkList([]),
};

describe('guest firewall ruleset', () => {
  it('replaces its own table whole: creates it, deletes it, then defines it', () => {
    const ruleset = renderGuestFirewall({ ...base, userMode: { account: 'hostbay-guest', uid: 994 } });
    const lines = ruleset.split('\n').filter((line) => line.startsWith('table') || line.startsWith('delete'));
    expect(lines).toEqual([
      'table inet hostbay_0123456789abcdef',
      'delete table inet hostbay_0123456789abcdef',
      'table inet hostbay_0123456789abcdef {',
    ]);
    expect(ruleset).toContain('meta skuid 994 ct state new jump from_guest');
    expect(ruleset).not.toContain('iifname');
  });

  it('in bridge mode guards the host and the routes onwards from the bridge, not QEMU’s sockets', () => {
    const ruleset = renderGuestFirewall({ ...base, bridge: { device: 'hostbay0' } });
    expect(ruleset.match(/iifname "hostbay0" ct state new jump from_guest/g)).toHaveLength(2);
    expect(ruleset).not.toContain('skuid');
  });

  it('writes networks as nft takes them: by family, host bits cleared', () => {
    expect(networkList(['10.1.2.3/8', '192.168.7.9/32', 'fd00:1::5/16', '2001:db8::1/128'])).toEqual({
      v4: ['10.0.0.0/8', '192.168.7.9/32'],
      v6: ['fd00::/16', '2001:db8::1/128'],
    });
    const ruleset = renderGuestFirewall({ ...base, reachable: networkList(['10.9.9.9/32']) });
    expect(ruleset).toContain('elements = { 10.9.9.9/32 }');
  });

  it.each([
    ['a device name that would end the string', { bridge: { device: 'br0" accept' } }],
    ['a device name longer than Linux allows', { bridge: { device: 'a'.repeat(16) } }],
    ['a table name of its own', { table: 'filter' }],
    ['a uid that is not a number', { userMode: { account: 'x', uid: Number.NaN } }],
    ['root as the guest account', { userMode: { account: 'root', uid: 0 } }],
    ['a network that is not one', { blocked: { v4: ['10.0.0.0/8; flush ruleset'], v6: [] } }],
  ] as const)('refuses %s instead of writing it into the ruleset', (_, overrides) => {
    expect(() => renderGuestFirewall({ ...base, ...overrides } as GuestFirewallPolicy)).toThrow();
  });
});
