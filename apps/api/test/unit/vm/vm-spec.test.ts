import { describe, expect, it } from 'vitest';
import { VmSpec } from '../../../src/modules/vm/vm.spec.js';
import { bridgeSpec, userSpec } from './factories.js';

function problems(input: unknown): string[] {
  const result = VmSpec.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('VmSpec', () => {
  it('accepts valid user and bridge specs', () => {
    expect(problems(userSpec())).toEqual([]);
    expect(problems(bridgeSpec())).toEqual([]);
  });

  it.each(['Alice', 'al', '1alice', 'alice-', 'al ice', 'alice\nroot', 'a'.repeat(33), "o'brien"])(
    'rejects the username %j',
    (username) => {
      expect(problems(userSpec({ username }))).toContain('username');
    },
  );

  it('rejects ports out of range and non-integers', () => {
    expect(problems(userSpec({ network: { mode: 'user', webPort: 80, sshPort: 31001 } }))).toContain('network.webPort');
    expect(problems(userSpec({ network: { mode: 'user', webPort: 30001, sshPort: 31001.5 } }))).toContain(
      'network.sshPort',
    );
  });

  it('listens for SSH on loopback unless told an IPv4 literal to listen on', () => {
    const user = (sshHost?: string) =>
      userSpec({ network: { mode: 'user', webPort: 30001, sshPort: 2201, ...(sshHost ? { sshHost } : {}) } });
    const parsed = VmSpec.parse(user());
    expect(parsed.network.mode === 'user' && parsed.network.sshHost).toBe('127.0.0.1');
    expect(problems(user('0.0.0.0'))).toEqual([]);
    expect(problems(user('203.0.113.7'))).toEqual([]);
    for (const bad of ['localhost', '::', '0.0.0.0,restrict=off', '10.0.0.256', ' 0.0.0.0']) {
      expect(problems(user(bad)), bad).toContain('network.sshHost');
    }
  });

  it('rejects bad addresses and MACs in bridge mode', () => {
    const network = {
      mode: 'bridge' as const,
      network: 'hostbay',
      ip: '10.77.0.5',
      prefix: 24,
      gateway: '10.77.0.1',
      mac: '52:54:00:4a:00:05',
      dns: ['10.77.0.1'],
    };
    expect(problems(bridgeSpec({ network: { ...network, ip: '10.77.0.256' } }))).toContain('network.ip');
    expect(problems(bridgeSpec({ network: { ...network, ip: '10.77.0.5/24' } }))).toContain('network.ip');
    expect(problems(bridgeSpec({ network: { ...network, mac: '52:54:00:4a:00' } }))).toContain('network.mac');
    // A multicast MAC would be flooded to every port.
    expect(problems(bridgeSpec({ network: { ...network, mac: '01:00:5e:00:00:01' } }))).toContain('network.mac');
  });

  it('rejects image paths qemu-img could read as options or protocols', () => {
    const image = userSpec().baseImage;
    for (const disk of ['relative/disk.qcow2', '/img/a,b.qcow2', '/img/nbd:x', '/img/../etc/shadow', '/img/a b']) {
      expect(problems(userSpec({ baseImage: { ...image, disk } }))).toContain('baseImage.disk');
    }
  });

  it('rejects SSH keys that span lines and password fields that are not crypt hashes', () => {
    expect(problems(userSpec({ sshPublicKey: 'ssh-ed25519 AAAA x\nruncmd: [reboot]' }))).toContain('sshPublicKey');
    expect(problems(userSpec({ sshPublicKey: undefined, passwordHash: 'hunter2' }))).toContain('passwordHash');
  });

  it('requires a way to log in', () => {
    expect(problems(userSpec({ sshPublicKey: undefined }))).toContain('sshPublicKey');
  });

  it('rejects a hosting id that is not a uuid', () => {
    expect(problems(userSpec({ hostingId: '../../etc' }))).toContain('hostingId');
  });

  it("accepts the welcome page's public address only as a web address, a host name and a port", () => {
    const access = { siteUrl: 'http://alice.localhost:8080/', sshHost: 'localhost', sshPort: 22 };
    expect(problems(userSpec({ access }))).toEqual([]);
    expect(problems(userSpec({ access: { ...access, siteUrl: 'javascript:alert(1)' } }))).toEqual(['access.siteUrl']);
    expect(problems(userSpec({ access: { ...access, sshHost: 'evil"><b>' } }))).toEqual(['access.sshHost']);
    expect(problems(userSpec({ access: { ...access, sshPort: 70000 } }))).toEqual(['access.sshPort']);
  });
});
