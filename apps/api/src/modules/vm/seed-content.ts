import { stringify } from 'yaml';
import type { PublicAccess } from './vm.spec.js';
import { welcomePage } from './welcome-page.js';

/** What goes into one VM's NoCloud seed; built from a validated VmSpec. */
export interface SeedInput {
  hostingId: string;
  username: string;
  sshPublicKey?: string;
  /** A crypt hash; the plaintext never reaches the seed or the disk. */
  passwordHash?: string;
  mac: string;
  /** A distro cloud image: install nginx on first boot. */
  installWebServer?: boolean;
  network: { mode: 'dhcp' } | { mode: 'static'; address: string; prefix: number; gateway: string; dns: string[] };
  /** For the welcome page's commands; absent, the page points to the dashboard instead. */
  access?: PublicAccess;
}

export interface SeedFiles {
  'user-data': string;
  'meta-data': string;
  'network-config': string;
}

/**
 * Serialised by the YAML library from plain objects: whatever a string holds
 * (newlines, quotes, `#cloud-config`, `---`), it stays that string's value.
 * Block scalars and folding are turned off so every value is one quoted or
 * plain scalar and a reader sees exactly what the guest gets.
 */
function toYaml(value: unknown): string {
  // cloud-init reads YAML 1.1 (PyYAML), where an unquoted 52:54:00:12:34:56 is a base-60 number and
  // `yes` a boolean: writing 1.1 makes the library quote such strings, so the NIC match keeps its MAC.
  return stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false, blockQuote: false });
}

export function buildUserData(input: SeedInput): string {
  const user: Record<string, unknown> = {
    name: input.username,
    shell: '/bin/bash',
    lock_passwd: input.passwordHash === undefined,
    // The machine is the member's own: they administer it (install packages, edit nginx).
    sudo: 'ALL=(ALL) NOPASSWD:ALL',
  };
  if (input.passwordHash !== undefined) user.passwd = input.passwordHash;
  if (input.sshPublicKey !== undefined) user.ssh_authorized_keys = [input.sshPublicKey];
  const config = {
    hostname: input.username,
    // Only this hosting's user: no distro default user with a well-known name.
    users: [user],
    disable_root: true,
    ssh_pwauth: input.passwordHash !== undefined,
    // The hash is the user's chosen (or generated) password: it must not expire at first login.
    chpasswd: { expire: false },
    // Written in cloud-init's first network stage, which systemd orders before nginx starts:
    // the first page a visitor (or the readiness check) sees is already the user's.
    write_files: [{ path: '/var/www/html/index.html', content: welcomePageOf(input), permissions: '0644' }],
    // The user does not exist yet when write_files runs; hand the site over in the final stage.
    // List form: runs without a shell.
    runcmd: [['chown', '-R', `${input.username}:${input.username}`, '/var/www/html']],
    // Hostbay's own image has nginx; a distro cloud image gets it now (Debian's serves /var/www/html).
    ...(input.installWebServer ? { package_update: true, packages: ['nginx'] } : {}),
  };
  return `#cloud-config\n${toYaml(config)}`;
}

export function buildMetaData(instanceId: string, username: string): string {
  return toYaml({ 'instance-id': instanceId, 'local-hostname': username });
}

/**
 * Network config version 1, matched by MAC. cloud-init 22.4's ifupdown
 * renderer leaves the NIC down with a version 2 name match; v1 with
 * `mac_address` brings it up.
 */
export function buildNetworkConfig(input: SeedInput): string {
  const subnet =
    input.network.mode === 'dhcp'
      ? { type: 'dhcp' }
      : {
          type: 'static',
          address: `${input.network.address}/${input.network.prefix}`,
          gateway: input.network.gateway,
          dns_nameservers: input.network.dns,
        };
  return toYaml({
    version: 1,
    config: [{ type: 'physical', name: 'eth0', mac_address: input.mac, subnets: [subnet] }],
  });
}

export function buildSeedFiles(input: SeedInput, instanceId: string): SeedFiles {
  return {
    'user-data': buildUserData(input),
    'meta-data': buildMetaData(instanceId, input.username),
    'network-config': buildNetworkConfig(input),
  };
}

/**
 * A template's seed: no user, no page of anyone's; the machine every hosting
 * made from the template starts as, before it is made the member's
 * (guest-personalisation.ts). Its network configuration names the templates' MAC.
 */
export function buildTemplateSeedFiles(instanceId: string, mac: string): SeedFiles {
  const config = { hostname: 'hostbay', users: [], disable_root: true };
  return {
    'user-data': `#cloud-config\n${toYaml(config)}`,
    'meta-data': toYaml({ 'instance-id': instanceId, 'local-hostname': 'hostbay' }),
    'network-config': buildNetworkConfig({
      hostingId: instanceId,
      username: 'hostbay',
      mac,
      network: { mode: 'dhcp' },
    }),
  };
}

function welcomePageOf(input: SeedInput): string {
  return welcomePage({
    username: input.username,
    login: input.passwordHash === undefined ? 'key' : 'password',
    ...(input.access ? { access: input.access } : {}),
  });
}
