import { z } from 'zod';
import { TEMPLATE_KEY_PATTERN } from './vm.ports.js';
import { HOSTNAME_PATTERN, IPV4_PATTERN, SSH_PUBLIC_KEY_PATTERN, USERNAME_PATTERN } from '@hostbay/contract/patterns';

/**
 * What VMService needs to build one hosting's VM, with everything already
 * allocated (ports, or IP and MAC) by the hosting lifecycle. Parsed with zod
 * at VMService's boundary so that nothing unchecked reaches XML, YAML, a path
 * or a command line.
 */

export const Ipv4 = z.string().regex(IPV4_PATTERN, 'expected an IPv4 address such as 10.77.0.5');

/** A unicast, locally administered MAC, lower case (52:54:00:… is QEMU's prefix). */
export const MacAddress = z
  .string()
  .transform((mac) => mac.toLowerCase())
  .pipe(
    z
      .string()
      .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'expected a MAC address such as 52:54:00:12:34:56')
      .refine((mac) => (parseInt(mac.slice(0, 2), 16) & 1) === 0, 'expected a unicast MAC address'),
  );

/** The Linux user in the guest: a DNS label, so it is also a valid hostname. */
export const GuestUsername = z
  .string()
  .regex(USERNAME_PATTERN, 'expected 3 to 32 of a-z, 0-9 and -, starting with a letter');

const Port = z.number().int().min(1024).max(65535);

/**
 * Absolute paths of base image files. They end up in `qemu-img -b`, where a
 * `:` or `,` could select another protocol or option, so only plain
 * characters pass.
 */
const ImagePath = z
  .string()
  .regex(/^\/[A-Za-z0-9._/-]+$/, 'expected an absolute path of letters, digits, . _ - and /')
  .refine((p) => !p.split('/').includes('..'), 'expected a path without ..');

/** sha512-crypt ($6$) or yescrypt ($y$), as `openssl passwd -6` or mkpasswd write them. */
export const PasswordHash = z
  .string()
  .regex(
    /^(\$6\$(rounds=\d{4,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}|\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43})$/,
    'expected a crypt hash ($6$ or $y$)',
  );

/** One OpenSSH public key line; the comment is free text but stays on one line. */
export const GuestSshKey = z
  .string()
  .trim()
  .max(16 * 1024)
  .regex(SSH_PUBLIC_KEY_PATTERN, 'expected one OpenSSH public key line');

export const UserNetworkSpec = z.object({
  mode: z.literal('user'),
  /** Host port on 127.0.0.1 forwarded to the guest's port 80. */
  webPort: Port,
  /** Host port forwarded to the guest's port 22. */
  sshPort: Port,
  /**
   * Address the SSH forward listens on: 127.0.0.1 when the edge forwards the
   * public port to it, the public address (HOSTBAY_SSH_LISTEN_HOST) when QEMU
   * serves the public port itself. It lands in QEMU's `-netdev` option string,
   * where a `,` would add options: only an IPv4 literal passes.
   */
  sshHost: Ipv4.default('127.0.0.1'),
  /** Optional: each user-mode VM has its own private network, so a MAC derived from the id is fine. */
  mac: MacAddress.optional(),
});

export const BridgeNetworkSpec = z.object({
  mode: z.literal('bridge'),
  /** The libvirt network to join (VmConfig.bridge.network). */
  network: z.string().regex(/^[a-z][a-z0-9-]{0,14}$/),
  ip: Ipv4,
  prefix: z.number().int().min(8).max(30),
  gateway: Ipv4,
  mac: MacAddress,
  dns: z.array(Ipv4).min(1).max(3),
});

export const VmNetworkSpec = z.discriminatedUnion('mode', [UserNetworkSpec, BridgeNetworkSpec]);

export const BaseImageSpec = z
  .object({
    /** The qcow2 base disk the VM's overlay is backed by. */
    disk: ImagePath,
    /** Direct kernel boot (Hostbay's built image). Absent for a distro cloud image, which boots its own bootloader. */
    kernel: ImagePath.optional(),
    initrd: ImagePath.optional(),
    /** Kernel command line, e.g. `root=/dev/vda console=ttyS0`. */
    cmdline: z
      .string()
      .regex(/^[\x20-\x7e]{1,1024}$/, 'expected printable ASCII')
      .optional(),
    /**
     * A distro cloud image has no web server: the seed installs nginx on first
     * boot, which needs the guest to reach a package mirror (unrestricted
     * user networking in `user` mode).
     */
    installsWebServer: z.boolean().default(false),
  })
  .refine(
    (image) =>
      (image.kernel === undefined) === (image.initrd === undefined) &&
      (image.kernel === undefined) === (image.cmdline === undefined),
    {
      message: 'expected kernel, initrd and cmdline together (direct boot) or none of them (the disk boots itself)',
      path: ['kernel'],
    },
  );

/**
 * How the member reaches their machine from outside, as the dashboard shows it:
 * the site's address and the public SSH host and port. Only the welcome page
 * uses it (welcome-page.ts), to print this hosting's own commands.
 */
export const PublicAccess = z.object({
  siteUrl: z.url({ protocol: /^https?$/, hostname: HOSTNAME_PATTERN }),
  sshHost: z.string().regex(HOSTNAME_PATTERN, 'expected a DNS name or an IPv4 address'),
  sshPort: z.number().int().min(1).max(65535),
});

export const VmSpec = z
  .object({
    hostingId: z.uuid(),
    username: GuestUsername,
    vcpus: z.number().int().min(1).max(64),
    memoryMb: z.number().int().min(128).max(262144),
    diskGb: z.number().int().min(1).max(4096),
    network: VmNetworkSpec,
    sshPublicKey: GuestSshKey.optional(),
    passwordHash: PasswordHash.optional(),
    baseImage: BaseImageSpec,
    /** Made from a template (restored, then made unique) rather than booted: the template's key. */
    template: z.object({ key: z.string().regex(TEMPLATE_KEY_PATTERN) }).optional(),
    /** Absent for a hosting without a public SSH port: its welcome page then points to the dashboard. */
    access: PublicAccess.optional(),
  })
  .refine((spec) => spec.sshPublicKey !== undefined || spec.passwordHash !== undefined, {
    message: 'expected an SSH public key or a password hash: the user must be able to log in',
    path: ['sshPublicKey'],
  });

export type VmSpec = z.infer<typeof VmSpec>;
export type VmSpecInput = z.input<typeof VmSpec>;
export type VmNetworkSpec = z.infer<typeof VmNetworkSpec>;
export type UserNetworkSpec = z.infer<typeof UserNetworkSpec>;
export type BridgeNetworkSpec = z.infer<typeof BridgeNetworkSpec>;
export type BaseImageSpec = z.infer<typeof BaseImageSpec>;
export type PublicAccess = z.infer<typeof PublicAccess>;

export const HostingId = z.uuid();
