import path from 'node:path';
import { installAdvice } from '../debian/install-advice.js';

/**
 * The Debian package that brings each program Hostbay runs, so that a
 * missing one is named with what to install, where it is first needed.
 */
const PROGRAM_PACKAGES: Readonly<Record<string, string>> = {
  nginx: 'nginx-light',
  virsh: 'libvirt-clients',
  libvirtd: 'libvirt-daemon',
  virtlogd: 'libvirt-daemon',
  'qemu-system-x86_64': 'qemu-system-x86',
  'qemu-img': 'qemu-utils',
  genisoimage: 'genisoimage',
  isoinfo: 'genisoimage',
  debootstrap: 'debootstrap',
  mke2fs: 'e2fsprogs',
  openssl: 'openssl',
  nsupdate: 'bind9-dnsutils',
  restic: 'restic',
  pg_dump: 'postgresql-client',
  pg_restore: 'postgresql-client',
  ionice: 'util-linux',
  dnsmasq: 'dnsmasq-base',
  iptables: 'iptables',
  ip: 'iproute2',
  nft: 'nftables',
  setfacl: 'acl',
  useradd: 'passwd',
  getent: 'libc-bin',
  'dpkg-query': 'dpkg',
  'apt-get': 'apt',
};

/** A program Hostbay needs is not installed: one line that names the package and how to install it. */
export class MissingProgramError extends Error {
  constructor(readonly program: string) {
    super(missingProgramLine(program));
    this.name = 'MissingProgramError';
  }
}

export function missingProgramLine(program: string): string {
  const name = path.basename(program);
  const debian = PROGRAM_PACKAGES[name];
  return debian
    ? `${name} is not installed; it comes with the Debian package ${debian}: ${installAdvice([debian])}`
    : `${name} is not installed or not on PATH (\`./hostbay doctor\` checks what Hostbay needs)`;
}

/** The error a failed spawn deserves: MissingProgramError when the program does not exist. */
export function spawnFailure(program: string, error: NodeJS.ErrnoException): Error | undefined {
  return error.code === 'ENOENT' ? new MissingProgramError(program) : undefined;
}
