import { stringify } from 'yaml';

/** A file Hostbay writes into the guest's root file system. Its content is part of the image's cache key. */
export interface GuestFile {
  /** Absolute path inside the guest. */
  path: string;
  content: string;
  mode: number;
}

/**
 * cloud-init settings baked into the image. The datasource is pinned (no
 * probing), and the module lists keep only what a hosting uses: under TCG
 * every module costs boot time in every test and every new hosting.
 */
export function cloudInitConfig(): string {
  const config = {
    datasource_list: ['NoCloud', 'None'],
    // sudo looks the host name up; without this it warns "unable to resolve host" on every call.
    manage_etc_hosts: true,
    // A hosting's disk may be grown beyond the base image; there is no partition table, so
    // growpart has nothing to do and resizefs grows ext4 on /dev/vda directly.
    resize_rootfs: true,
    // RSA keys take seconds to generate under TCG; every current client speaks ed25519.
    ssh_genkeytypes: ['ed25519', 'ecdsa'],
    ssh_deletekeys: true,
    cloud_init_modules: [
      'seed_random',
      'bootcmd',
      'write_files',
      'resizefs',
      'set_hostname',
      'update_hostname',
      'update_etc_hosts',
      'users_groups',
      'ssh',
      // Here, before sshd starts (ssh.service runs after this stage): in the config stage it
      // would write PasswordAuthentication and restart the running sshd, closing SSH logins for a
      // moment after the readiness check has already seen the banner.
      'set_passwords',
    ],
    cloud_config_modules: ['timezone', 'runcmd'],
    cloud_final_modules: [
      'package_update_upgrade_install',
      'write_files_deferred',
      'scripts_per_once',
      'scripts_per_boot',
      'scripts_per_instance',
      'scripts_user',
      'final_message',
    ],
  };
  // cloud-init reads YAML 1.1 (PyYAML): write 1.1, which quotes strings such as MAC addresses that 1.1 reads as numbers.
  return `# Written by Hostbay's image builder.\n${stringify(config, { version: '1.1' })}`;
}

const indexHtml = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hostbay</title></head>
<body>
<h1>Your Hostbay site is ready</h1>
<p>Replace this page: upload your files to /var/www/html over SSH.</p>
</body>
</html>
`;

const sshUnitDropIn = `# Written by Hostbay's image builder.
# cloud-init creates this instance's host keys; start sshd only after it.
[Unit]
After=cloud-init.service

[Service]
# Should cloud-init not have run, create keys rather than fail: the image ships none.
# (Debian's \`sshd -t\` check is dropped: each extra process costs about a second under TCG.)
ExecStartPre=
ExecStartPre=/bin/sh -c 'ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1 || /usr/bin/ssh-keygen -A'
`;

const sshdHostKeys = `# Written by Hostbay's image builder: the key types cloud-init generates.
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_ecdsa_key
`;

const cloudConfigDropIn = `# Written by Hostbay's image builder.
# cloud-init's config stage (runcmd's script) is not needed to serve the site or
# accept SSH keys: let sshd and nginx start first instead of sharing a slow CPU with it.
[Unit]
After=ssh.service nginx.service
`;

const journald = `# Written by Hostbay's image builder.
[Journal]
SystemMaxUse=64M
`;

/** Everything Hostbay writes into the rootfs after debootstrap. */
export function guestFiles(mirror: string, suite: string): GuestFile[] {
  return [
    { path: '/etc/cloud/cloud.cfg.d/90-hostbay.cfg', content: cloudInitConfig(), mode: 0o644 },
    // No partition table: the whole virtio disk is the root file system.
    // Pass 0: the kernel mounts it read-write (cmdline `rw`) and ext4's journal covers a crash;
    // an fsck at every boot costs about 3.5 s under TCG on the critical path.
    { path: '/etc/fstab', content: '/dev/vda / ext4 defaults,errors=remount-ro 0 0\n', mode: 0o644 },
    // cloud-init sets the real name from meta-data; debootstrap copied the build host's.
    { path: '/etc/hostname', content: 'hostbay\n', mode: 0o644 },
    {
      path: '/etc/hosts',
      content: '127.0.0.1 localhost\n127.0.1.1 hostbay\n::1 localhost ip6-localhost ip6-loopback\n',
      mode: 0o644,
    },
    // Empty: systemd creates a fresh ID at first boot, so every VM has its own.
    { path: '/etc/machine-id', content: '', mode: 0o444 },
    {
      path: '/etc/network/interfaces',
      content: 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n',
      mode: 0o644,
    },
    {
      path: '/etc/apt/sources.list',
      content:
        `deb ${mirror} ${suite} main\n` +
        `deb ${mirror} ${suite}-updates main\n` +
        `deb http://security.debian.org/debian-security ${suite}-security main\n`,
      mode: 0o644,
    },
    { path: '/etc/systemd/system/ssh.service.d/hostbay.conf', content: sshUnitDropIn, mode: 0o644 },
    { path: '/etc/ssh/sshd_config.d/10-hostbay-hostkeys.conf', content: sshdHostKeys, mode: 0o644 },
    { path: '/etc/systemd/system/cloud-config.service.d/hostbay.conf', content: cloudConfigDropIn, mode: 0o644 },
    { path: '/etc/systemd/journald.conf.d/hostbay.conf', content: journald, mode: 0o644 },
    { path: '/var/www/html/index.html', content: indexHtml, mode: 0o644 },
    // acpid: the power button powers off (Hostbay's graceful stop is `virsh shutdown`).
    {
      path: '/etc/acpi/events/hostbay-power',
      content: 'event=button[ /]power\naction=/usr/bin/systemctl poweroff\n',
      mode: 0o644,
    },
  ];
}

/**
 * Units masked in the image: periodic maintenance a short-lived or small VM
 * does not need and that would compete with the site for a slow CPU.
 */
export const maskedUnits: readonly string[] = [
  'apt-daily.timer',
  'apt-daily-upgrade.timer',
  'dpkg-db-backup.timer',
  'e2scrub_all.timer',
  'e2scrub_reap.service',
  'fstrim.timer',
  'man-db.timer',
  'systemd-pstore.service',
  // cloud-init's hotplug socket is for clouds that add NICs at run time.
  'cloud-init-hotplugd.socket',
  // Measured on the critical path of a TCG boot (systemd-analyze blame) and unused by a web host:
  'systemd-binfmt.service',
  'proc-sys-fs-binfmt_misc.automount',
  'dev-hugepages.mount',
  'sys-kernel-debug.mount',
  'sys-kernel-tracing.mount',
  'systemd-update-utmp-runlevel.service',
  // Starts getty on tty2-6 when logind is absent; the serial console (ttyS0) keeps its getty.
  'getty-static.service',
];

/**
 * Paths removed from the rootfs: keys and IDs that must be unique per VM,
 * and caches that only make the image bigger.
 */
export const removedPaths: readonly string[] = [
  '/var/lib/dbus/machine-id',
  '/etc/ssh/ssh_host_*',
  '/var/cache/apt/*.bin',
];

/** Folders emptied (kept, contents removed) in the rootfs. */
export const emptiedDirs: readonly string[] = ['/var/cache/apt/archives', '/var/lib/apt/lists', '/var/log/apt', '/tmp'];
