import { z } from 'zod';
import { PASSWORD_MAX_BYTES, VALIDATION_MESSAGES as M } from './validation-messages.js';

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
  .min(3, M.username_too_short)
  .max(32, M.username_too_long)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, M.username_invalid_characters)
  .regex(/^[a-z]/, M.username_start_letter)
  // "ab--" prefixes are reserved for internationalised labels (RFC 5891), e.g. xn--.
  .refine((name) => name.slice(2, 4) !== '--', { message: M.username_double_hyphen })
  .refine((name) => !RESERVED_USERNAMES.has(name), { message: M.username_reserved });

/**
 * ASCII only: the unique index lowercases with SQL `lower()`, which is ASCII-only in SQLite.
 * The email rule is a check on the trimmed string rather than a pipe into `z.email()`: the
 * OpenAPI document shows a request's input side, and a pipe's input side would lose `format: email`.
 */
export const Email = z
  .string()
  .trim()
  .max(254, M.email_too_long)
  .check(z.email({ message: M.email_invalid, pattern: z.regexes.email }));

export const Password = z
  .string()
  .min(8, M.password_too_short)
  .refine((password) => new TextEncoder().encode(password).length <= PASSWORD_MAX_BYTES, {
    message: M.password_too_long,
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
