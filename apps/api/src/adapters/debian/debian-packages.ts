import type { ProcessRunner } from '../process/process-runner.js';
import { installCommand } from './install-advice.js';

/** What Hostbay itself runs on the host. */
export const RUNTIME_PACKAGES = [
  'nginx-light',
  'libnginx-mod-stream',
  'qemu-system-x86',
  'qemu-utils',
  'libvirt-daemon',
  'libvirt-daemon-driver-qemu',
  'libvirt-clients',
  'debootstrap',
  'e2fsprogs',
  'genisoimage',
  'openssl',
  // Bridge mode: the `clean-traffic` filter, the network's dnsmasq and its firewall rules.
  'libvirt-daemon-config-nwfilter',
  'dnsmasq-base',
  'iptables',
  // The guest firewall (one nftables table) and the ACL that lets the guest account reach the volumes.
  'nftables',
  'acl',
  // HTTPS with a wildcard certificate: nsupdate sends the DNS-01 records (RFC 2136).
  'bind9-dnsutils',
  // Backups: deduplicated and encrypted, to a folder, SFTP or an object store; pg_dump for Hostbay's own on PostgreSQL.
  'restic',
  'postgresql-client',
] as const;

/** What the test tiers need on top: a browser, SSH for the login checks, fonts for Korean screenshots, cloud-init. */
export const TEST_PACKAGES = [
  ...RUNTIME_PACKAGES,
  'openssh-client',
  'chromium',
  'fonts-noto-cjk',
  'iproute2',
  'curl',
  // `cloud-init schema` and `devel net-convert` check seeds the way the guest reads them.
  'cloud-init',
  // HTTPS against a real ACME server (Pebble) and a DNS server that takes RFC 2136 updates (knot).
  'pebble',
  'knot',
  // An operator's Prometheus scraping /metrics, and promtool checking its text and the example alert rules.
  'prometheus',
] as const;

/** Reads dpkg's database and installs missing Debian packages with apt-get. */
export class DebianPackages {
  constructor(private readonly runner: ProcessRunner) {}

  async missing(packages: readonly string[]): Promise<string[]> {
    const result = await this.runner.run(['dpkg-query', '-W', '-f=${Package} ${db:Status-Status}\n', ...packages]);
    const installed = new Set(
      result.stdout
        .split('\n')
        .map((line) => line.split(' '))
        .filter(([, status]) => status === 'installed')
        .map(([name]) => name),
    );
    return packages.filter((name) => !installed.has(name));
  }

  /** Installs as root; throws with the exact command otherwise. Inherits the terminal so progress shows. */
  async install(packages: readonly string[], log: (line: string) => void): Promise<void> {
    if (packages.length === 0) return;
    if (process.getuid?.() !== 0) {
      throw new Error(`Missing Debian packages. Install them as root:\n  ${installCommand(packages)}`);
    }
    log(`Installing Debian packages: ${packages.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await this.runner.runChecked(['apt-get', 'update', '-qq'], { env, timeoutMs: 10 * 60_000 });
    await this.runner.runChecked(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
      timeoutMs: 30 * 60_000,
    });
  }
}
