import path from 'node:path';
import ipaddr from 'ipaddr.js';
import nunjucks from 'nunjucks';
import { z } from 'zod';
import { HOSTBAY_ROOT } from '../../config/paths.js';

const TEMPLATE_DIR = path.join(HOSTBAY_ROOT, 'apps/api/templates/nftables');

/**
 * The account every Hostbay guest's QEMU runs as (the domain's DAC label),
 * whatever qemu.conf says: an escaped guest is not root, and the firewall
 * can tell the guests' connections from every other process's by it.
 */
export const GUEST_ACCOUNT = 'hostbay-guest';

/** Networks split by family, each written as its network address and prefix (what nft accepts). */
export interface NetworkList {
  v4: string[];
  v6: string[];
}

/** Everything the guest firewall is made from; `renderGuestFirewall` turns it into an nft ruleset. */
export interface GuestFirewallPolicy {
  /** The nftables table, one per installation: `hostbay_<installation id>`. */
  table: string;
  installationId: string;
  /** user mode with outbound connections: QEMU's own sockets, by the guest account's uid. */
  userMode: { account: string; uid: number } | undefined;
  /** bridge mode: the bridge device the guests are on. */
  bridge: { device: string } | undefined;
  blocked: NetworkList;
  reachable: NetworkList;
}

const Policy = z.object({
  table: z.string().regex(/^hostbay_[a-f0-9]{16}$/),
  installationId: z.string().regex(/^[a-f0-9]{16}$/),
  userMode: z
    .object({ account: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/), uid: z.number().int().positive() })
    .optional(),
  // Linux interface names: at most 15 characters, none that nft would read as syntax.
  bridge: z.object({ device: z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/) }).optional(),
  blocked: z.object({ v4: z.array(z.cidrv4()), v6: z.array(z.cidrv6()) }),
  reachable: z.object({ v4: z.array(z.cidrv4()), v6: z.array(z.cidrv6()) }),
});

/** The firewall table of one installation. */
export function guestFirewallTable(installationId: string): string {
  return `hostbay_${installationId}`;
}

/**
 * Sorts CIDRs by family and writes each as its network address (`10.1.2.3/8`
 * becomes `10.0.0.0/8`: nft refuses host bits). Throws on anything that is
 * not a CIDR; config has checked them already.
 */
export function networkList(cidrs: readonly string[]): NetworkList {
  const list: NetworkList = { v4: [], v6: [] };
  for (const cidr of cidrs) {
    const [address, prefix] = ipaddr.parseCIDR(cidr);
    if (address.kind() === 'ipv4') list.v4.push(`${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${prefix}`);
    else list.v6.push(`${ipaddr.IPv6.networkAddressFromCIDR(cidr).toString()}/${prefix}`);
  }
  return list;
}

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATE_DIR), {
  autoescape: false,
  throwOnUndefined: true,
});

/**
 * The nft ruleset for a policy. Autoescaping is off (it escapes for HTML);
 * what keeps the text safe is that every value passed the checks above:
 * hex ids, an account name, a uid, an interface name and CIDRs.
 */
export function renderGuestFirewall(policy: GuestFirewallPolicy): string {
  const checked = Policy.parse(policy);
  return env.render('guest-firewall.nft.njk', {
    ...checked,
    userMode: checked.userMode ?? false,
    bridge: checked.bridge ?? false,
  });
}
