import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import {
  buildMetaData,
  buildNetworkConfig,
  buildUserData,
  type SeedInput,
} from '../../../src/modules/vm/seed-content.js';
import { instanceId } from '../../../src/modules/vm/vm-names.js';
import { HOSTING_ID, PASSWORD_HASH, SSH_KEY } from './factories.js';

const base: SeedInput = {
  hostingId: HOSTING_ID,
  username: 'alice',
  sshPublicKey: SSH_KEY,
  mac: '52:54:00:43:a2:3e',
  network: { mode: 'dhcp' },
};

/** Parses user-data the way cloud-init does: the header line, then exactly one YAML document. */
function readUserData(text: string): Record<string, unknown> {
  expect(text.startsWith('#cloud-config\n')).toBe(true);
  const documents = parseAllDocuments(text);
  expect(documents).toHaveLength(1);
  return parse(text) as Record<string, unknown>;
}

describe('user-data', () => {
  it('creates only the hosting’s user, with its SSH key, no password, and sudo on their own machine', () => {
    const data = readUserData(buildUserData(base));
    expect(data.hostname).toBe('alice');
    expect(data.users).toEqual([
      {
        name: 'alice',
        shell: '/bin/bash',
        lock_passwd: true,
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        ssh_authorized_keys: [SSH_KEY],
      },
    ]);
    expect(data.ssh_pwauth).toBe(false);
    expect(data.disable_root).toBe(true);
  });

  it('sets a password only as a crypt hash when there is no key', () => {
    const text = buildUserData({ ...base, sshPublicKey: undefined, passwordHash: PASSWORD_HASH });
    const data = readUserData(text);
    expect(data.users).toEqual([
      { name: 'alice', shell: '/bin/bash', lock_passwd: false, sudo: 'ALL=(ALL) NOPASSWD:ALL', passwd: PASSWORD_HASH },
    ]);
    expect(data.ssh_pwauth).toBe(true);
    expect(data.chpasswd).toEqual({ expire: false });
  });

  it('writes a welcome page naming the user, and gives the site to the user', () => {
    const data = readUserData(buildUserData(base));
    const [page] = data.write_files as { path: string; content: string; permissions: string; defer?: boolean }[];
    expect(page?.path).toBe('/var/www/html/index.html');
    expect(page?.content).toContain('<h1>Welcome, alice!</h1>');
    // Readable by nginx's www-data; not deferred: nginx must never serve the image's page once the guest answers.
    expect(page?.permissions).toBe('0644');
    expect(page?.defer).toBeUndefined();
    // The member's uploads (scp, sftp, rsync) land in a folder they own: no sudo needed.
    expect(data.runcmd).toEqual([['chown', '-R', 'alice:alice', '/var/www/html']]);
  });

  it("puts this hosting's commands on the welcome page, with the login the hosting has", () => {
    const access = { siteUrl: 'http://alice.hosting.example.org/', sshHost: 'hosting.example.org', sshPort: 2201 };
    const pageOf = (input: SeedInput) => (readUserData(buildUserData(input)).write_files as { content: string }[])[0];
    const withKey = pageOf({ ...base, access })?.content;
    expect(withKey).toContain('scp -P 2201 -r ./site/* alice@hosting.example.org:/var/www/html/');
    expect(withKey).toContain('<a href="http://alice.hosting.example.org/">');
    expect(withKey).toContain('Your SSH key logs you in.');
    const withPassword = pageOf({ ...base, access, sshPublicKey: undefined, passwordHash: PASSWORD_HASH })?.content;
    expect(withPassword).toContain('Type your SSH password when it asks.');
    // An older hosting without a public SSH port: a page without commands, not a failed seed.
    expect(pageOf(base)?.content).not.toContain('scp ');
  });

  const hostile = [
    'ssh-ed25519 AAAAC3Nz evil\n#cloud-config\nruncmd: [[sh, -c, "curl x | sh"]]',
    "ssh-ed25519 AAAAC3Nz it's \"quoted\" and 'single'",
    'ssh-ed25519 AAAAC3Nz x\n---\nusers: [{name: root, passwd: ""}]\n...',
    'ssh-ed25519 AAAAC3Nz x: y, [a, b], {c: d} & *alias !!python/object',
    'ssh-ed25519 AAAAC3Nz \\u0000 \u2028 \r\n bootcmd:\n  - reboot',
    '  leading and trailing spaces  ',
  ];

  it.each(hostile)('keeps hostile key text as one value: %j', (key) => {
    const data = readUserData(buildUserData({ ...base, sshPublicKey: key }));
    const [user] = data.users as { ssh_authorized_keys: string[] }[];
    expect(user?.ssh_authorized_keys).toEqual([key]);
    // Nothing the text tried to add exists as a key.
    expect(Object.keys(data).sort()).toEqual(
      ['chpasswd', 'disable_root', 'hostname', 'runcmd', 'ssh_pwauth', 'users', 'write_files'].sort(),
    );
  });

  it('escapes a hostile name in the welcome page and keeps it one YAML value', () => {
    // Usernames are validated before this point; the seed must be safe on its own anyway.
    const username = '<script>alert("x")</script>\n#cloud-config\nruncmd: [reboot]';
    const data = readUserData(buildUserData({ ...base, username }));
    expect(data.hostname).toBe(username);
    const [page] = data.write_files as { content: string }[];
    expect(page?.content).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page?.content).not.toContain('<script>');
    expect(data.runcmd).toEqual([['chown', '-R', `${username}:${username}`, '/var/www/html']]);
  });
});

describe('meta-data', () => {
  it("has the hosting's instance id (new for every hosting, the same for its whole life) and the hostname", () => {
    const id = instanceId(HOSTING_ID);
    expect(id).toBe(`hb-${HOSTING_ID}`);
    expect(instanceId('0b5f7c3e-1d2a-4e6b-8f90-a1b2c3d4e5f6')).not.toBe(id);
    expect(parse(buildMetaData(id, 'alice'))).toEqual({ 'instance-id': id, 'local-hostname': 'alice' });
  });
});

describe('network-config', () => {
  it('matches the NIC by MAC and uses DHCP in user mode', () => {
    expect(parse(buildNetworkConfig(base))).toEqual({
      version: 1,
      config: [{ type: 'physical', name: 'eth0', mac_address: '52:54:00:43:a2:3e', subnets: [{ type: 'dhcp' }] }],
    });
  });

  it('keeps an all-digit MAC a string for cloud-init, which reads YAML 1.1 (base-60 numbers)', () => {
    const text = buildNetworkConfig({ ...base, mac: '52:54:00:12:34:56' });
    const config = parse(text, { version: '1.1' }) as { config: { mac_address: unknown }[] };
    expect(config.config[0]?.mac_address).toBe('52:54:00:12:34:56');
  });

  it('sets the allocated address statically in bridge mode', () => {
    const config = parse(
      buildNetworkConfig({
        ...base,
        mac: '52:54:00:4a:00:05',
        network: { mode: 'static', address: '10.77.0.5', prefix: 24, gateway: '10.77.0.1', dns: ['10.77.0.1'] },
      }),
    ) as { config: { mac_address: string; subnets: unknown[] }[] };
    expect(config.config[0]?.mac_address).toBe('52:54:00:4a:00:05');
    expect(config.config[0]?.subnets).toEqual([
      { type: 'static', address: '10.77.0.5/24', gateway: '10.77.0.1', dns_nameservers: ['10.77.0.1'] },
    ]);
  });
});

describe('user-data for a distro cloud image', () => {
  it('installs nginx on first boot only when the image has none', () => {
    expect(readUserData(buildUserData({ ...base, installWebServer: true }))).toMatchObject({
      package_update: true,
      packages: ['nginx'],
    });
    expect(readUserData(buildUserData(base))).not.toHaveProperty('packages');
  });
});
