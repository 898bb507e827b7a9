import { z } from 'zod';

/**
 * Names that would collide with Hostbay's own hosts, well-known service names
 * or Linux system accounts. A username becomes `<username>.<base-domain>` and
 * the Linux user inside the VM, so these must never be handed out.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'admin',
  'administrator',
  'api',
  'app',
  'assets',
  'auth',
  'autoconfig',
  'autodiscover',
  'bin',
  'blog',
  'cdn',
  'daemon',
  'dashboard',
  'dev',
  'dns',
  'docs',
  'ftp',
  'games',
  'git',
  'help',
  'host',
  'hostbay',
  'hostmaster',
  'imap',
  'info',
  'irc',
  'list',
  'localhost',
  'lp',
  'mail',
  'man',
  'messagebus',
  'news',
  'nobody',
  'ns1',
  'ns2',
  'operator',
  'pop',
  'pop3',
  'portal',
  'postmaster',
  'proxy',
  'root',
  'security',
  'smtp',
  'sshd',
  'staff',
  'static',
  'status',
  'support',
  'sync',
  'sys',
  'sysadmin',
  'system',
  'test',
  'ubuntu',
  'debian',
  'user',
  'users',
  'uucp',
  'webmaster',
  'www',
  'www-data',
  'systemd-network',
  'systemd-resolve',
  'systemd-timesync',
  '_apt',
  'backup',
  'nginx',
  'cloud-init',
]);

/** A DNS label that is also a safe Linux user name. This is a security boundary. */
export const Username = z
  .string()
  .min(3, 'Username must be at least 3 characters.')
  .max(32, 'Username must be at most 32 characters.')
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    'Username may use lowercase letters, digits and "-", and must start and end with a letter or digit.',
  )
  .regex(/^[a-z]/, 'Username must start with a lowercase letter.')
  // "ab--" prefixes are reserved for internationalised labels (RFC 5891), e.g. xn--.
  .refine((name) => name.slice(2, 4) !== '--', {
    message: 'Username may not have "--" in the third and fourth characters.',
  })
  .refine((name) => !RESERVED_USERNAMES.has(name), { message: 'This username is reserved.' });

/** ASCII only: the unique index lowercases with SQL `lower()`, which is ASCII-only in SQLite. */
export const Email = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters.')
  .pipe(z.email({ message: 'Enter a valid email address.', pattern: z.regexes.email }));

const BCRYPT_MAX_BYTES = 72;
export const Password = z
  .string()
  .min(8, 'Password must be at least 8 characters.')
  .refine((password) => new TextEncoder().encode(password).length <= BCRYPT_MAX_BYTES, {
    message: `Password must be at most ${BCRYPT_MAX_BYTES} bytes (the limit of bcrypt, which stores it).`,
  });

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  is_admin: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type User = z.infer<typeof User>;
