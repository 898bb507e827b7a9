import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/env-reader.js';
import {
  forwardsSshDirectly,
  routeOf,
  vmSpecOf,
  type NetworkSettings,
} from '../../../src/modules/hosting/hosting-context.js';
import type { HostingRecord } from '../../../src/modules/hosting/hosting.types.js';
import { checkSshForwarding } from '../../../src/modules/hosting/ssh-forwarding.js';

const network: NetworkSettings = {
  bridge: { network: 'hostbay', prefix: 24, gateway: '10.77.0.1' },
  sshListenHost: '0.0.0.0',
  publicAddress: { baseDomain: 'hosting.example.org', scheme: 'http', port: 80 },
};

function hosting(overrides: Partial<HostingRecord> = {}): HostingRecord {
  return {
    id: '3f2a6c1e-8d4b-4f7a-9c2e-5b1d0a7e6f42',
    userId: 'u1',
    username: 'alice',
    status: 'RUNNING',
    vcpus: 1,
    memoryMb: 512,
    diskGb: 10,
    networkMode: 'user',
    sshPort: 2201,
    vmSshPort: null,
    webPort: 30001,
    ipAddress: null,
    macAddress: '52:54:00:00:00:01',
    baseImage: { disk: '/srv/images/base.qcow2', installsWebServer: false },
    sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice',
    passwordHash: null,
    error: null,
    suspendedFrom: null,
    stopCause: null,
    templateKey: null,
    restoredFrom: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const direct = hosting();
const viaStream = hosting({ username: 'bob', vmSshPort: 31001 });
const bridged = hosting({ username: 'carol', networkMode: 'bridge', webPort: null, ipAddress: '10.77.0.5' });

describe('a hosting’s SSH forward, decided by its row', () => {
  it('is direct for a user-mode hosting without a VM SSH port, and only then', () => {
    expect(forwardsSshDirectly(direct)).toBe(true);
    expect(forwardsSshDirectly(viaStream)).toBe(false);
    expect(forwardsSshDirectly(bridged)).toBe(false);
  });

  it('direct: QEMU listens on HOSTBAY_SSH_LISTEN_HOST and the public port; the web forward stays on loopback', () => {
    expect(vmSpecOf(direct, network).network).toEqual({
      mode: 'user',
      webPort: 30001,
      sshPort: 2201,
      sshHost: '0.0.0.0',
      mac: '52:54:00:00:00:01',
    });
    const specific = vmSpecOf(direct, { ...network, sshListenHost: '203.0.113.7' }).network;
    expect(specific).toMatchObject({ sshPort: 2201, sshHost: '203.0.113.7' });
  });

  it('direct: the route records QEMU’s listener as the SSH target, reached on loopback for a wildcard', () => {
    expect(routeOf(direct, network)).toEqual({
      username: 'alice',
      webTarget: { host: '127.0.0.1', port: 30001 },
      sshListenPort: 2201,
      sshTarget: { host: '127.0.0.1', port: 2201 },
    });
    expect(routeOf(direct, { ...network, sshListenHost: '203.0.113.7' }).sshTarget).toEqual({
      host: '203.0.113.7',
      port: 2201,
    });
  });

  it('stream: the VM forwards to 127.0.0.1:<vm_ssh_port>, and the edge forwards the public port there', () => {
    expect(vmSpecOf(viaStream, network).network).toMatchObject({ sshPort: 31001, sshHost: '127.0.0.1' });
    expect(routeOf(viaStream, network)).toMatchObject({
      sshListenPort: 2201,
      sshTarget: { host: '127.0.0.1', port: 31001 },
    });
    expect(routeOf(bridged, network)).toMatchObject({
      webTarget: { host: '10.77.0.5', port: 80 },
      sshTarget: { host: '10.77.0.5', port: 22 },
    });
  });
});

describe('checkSshForwarding', () => {
  it('accepts hostings that the setting serves, and anything with off', () => {
    expect(() => checkSshForwarding('direct', [direct])).not.toThrow();
    expect(() => checkSshForwarding('stream', [viaStream, bridged])).not.toThrow();
    expect(() => checkSshForwarding('off', [direct, viaStream, bridged])).not.toThrow();
    expect(() => checkSshForwarding('stream', [])).not.toThrow();
  });

  it('refuses stream over direct hostings, whose ports QEMU holds', () => {
    expect(() => checkSshForwarding('stream', [viaStream, direct])).toThrow(ConfigError);
    expect(() => checkSshForwarding('stream', [viaStream, direct])).toThrow(
      /^HOSTBAY_SSH_FORWARD: expected direct .*1 hosting\(s\), e\.g\. alice,.* \(got "stream"\)$/,
    );
  });

  it('refuses direct over hostings made for the stream, whose ports nothing would serve', () => {
    expect(() => checkSshForwarding('direct', [direct, viaStream, bridged])).toThrow(
      /^HOSTBAY_SSH_FORWARD: expected stream: 2 hosting\(s\), e\.g\. bob,.*set HOSTBAY_SSH_FORWARD=stream/,
    );
  });
});

describe('what the welcome page is told about a hosting', () => {
  it('is the public SSH host and port and the site’s address, as the dashboard shows them', () => {
    expect(vmSpecOf(direct, network).access).toEqual({
      siteUrl: 'http://alice.hosting.example.org/',
      sshHost: 'hosting.example.org',
      sshPort: 2201,
    });
    const onPort = { ...network, publicAddress: { baseDomain: 'localhost', scheme: 'http' as const, port: 8080 } };
    expect(vmSpecOf(bridged, onPort).access).toEqual({
      siteUrl: 'http://carol.localhost:8080/',
      sshHost: 'localhost',
      sshPort: 2201,
    });
  });

  it('is nothing for a hosting without a public SSH port: its page points to the dashboard', () => {
    expect(
      vmSpecOf(hosting({ networkMode: 'bridge', sshPort: null, ipAddress: '10.77.0.5' }), network),
    ).not.toHaveProperty('access');
  });
});
