import serviceAndPathNames from 'reserved-usernames' with { type: 'json' };

/**
 * Why a username can be refused although it is well formed: it becomes the
 * site `<username>.<base-domain>` and the Linux user inside the guest.
 *
 * - `reserved-usernames` (maintained, MIT): names of services, protocols and
 *   account pages that clients and people take for the domain's own (wpad,
 *   isatap, autoconfig, login, secure, mail, www, api ...).
 * - Below, what that list lacks: more labels that software looks up under a
 *   domain by themselves, Hostbay's own hosts and accounts, and the system
 *   accounts of the guest image (a member named `sshd` would collide with it).
 */
const WELL_KNOWN_LABELS = [
  // RFC 8461 (MTA-STS), Microsoft's mail and device discovery, Thunderbird's, OpenPGP WKD, Lync.
  'mta-sts',
  'autodiscover',
  'enterpriseenrollment',
  'enterpriseregistration',
  'openpgpkey',
  'lyncdiscover',
  'sip',
  'msoid',
  // Common hosting panels' hosts, which members and their mail clients may try.
  'cpanel',
  'whm',
  'webdisk',
  'cpcalendars',
  'cpcontacts',
  'gateway',
  'router',
  'proxy',
  'edge',
  'assets',
  'cdn',
  'hostbay',
  'hostbay-guest',
];

const SYSTEM_ACCOUNTS = [
  'administrator',
  'daemon',
  'games',
  'man',
  'lp',
  'news',
  'messagebus',
  'sshd',
  'sync',
  'ubuntu',
  'debian',
  'www-data',
  'systemd-network',
  'systemd-resolve',
  'systemd-timesync',
  'backup',
  'nginx',
  'cloud-init',
  'libvirt-qemu',
  'libvirt-dnsmasq',
  'polkitd',
  'gnats',
];

/** Numbered service hosts: ns1, mx2, mail10, smtp3, www2, vpn1 ... */
const NUMBERED_HOST = /^(?:ns|mx|mail|smtp|imap|pop|www|ftp|vpn|dns|web|host|server|db|dc|static|test)-?\d+$/;

const RESERVED: ReadonlySet<string> = new Set([...serviceAndPathNames, ...WELL_KNOWN_LABELS, ...SYSTEM_ACCOUNTS]);

export function isReservedUsername(name: string): boolean {
  return RESERVED.has(name) || NUMBERED_HOST.test(name);
}

/** Every reserved name that is written out (the numbered hosts are a pattern). */
export function reservedUsernames(): readonly string[] {
  return [...RESERVED];
}
