import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import type { KeepPolicy } from '../modules/backups/backup.ports.js';
import { durationVar, intVar, readEnv, type Env } from './env-reader.js';

export interface BackupConfig {
  /** A cron expression (five fields, the host's time zone), or undefined: no scheduled backups. */
  schedule: string | undefined;
  /** restic's repository: a folder (a mounted NAS), `sftp:user@host:/path`, `s3:…`, `rest:…`. */
  repository: string;
  /** The repository password's file; undefined: `<data>/backup-password`, generated once. */
  passwordFile: string | undefined;
  keep: KeepPolicy;
  /** Hostings backed up at once (1 or 2): backups never starve the members' VMs. */
  concurrency: number;
  /** How long a deleted hosting's last backup is kept, in seconds. */
  graceSeconds: number;
  /** Scratch space for a disk's consistent copy on its way into the repository. */
  scratchDir: string;
}

const cronVar = z
  .string()
  .default('0 3 * * *')
  .transform((text, ctx) => {
    if (text === 'off') return undefined;
    try {
      new Cron(text, { paused: true });
      return text;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a cron expression such as "0 3 * * *" (03:00 daily), or off' });
      return z.NEVER;
    }
  });

const keepVar = z
  .string()
  .default('daily=7,weekly=4,monthly=0')
  .transform((text, ctx) => {
    const keep: KeepPolicy = { daily: 0, weekly: 0, monthly: 0 };
    for (const part of text.split(',')) {
      const match = /^(daily|weekly|monthly)=(\d{1,3})$/.exec(part.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'expected daily=N,weekly=N,monthly=N (any of them)' });
        return z.NEVER;
      }
      keep[match[1] as keyof KeepPolicy] = Number(match[2]);
    }
    if (keep.daily + keep.weekly + keep.monthly === 0) {
      ctx.addIssue({ code: 'custom', message: 'expected to keep at least one backup' });
      return z.NEVER;
    }
    return keep;
  });

const backupShape = {
  HOSTBAY_BACKUP_SCHEDULE: cronVar,
  HOSTBAY_BACKUP_REPOSITORY: z
    .string()
    .regex(
      /^(\/\S+|(sftp|s3|rest|b2|azure|gs|swift|rclone):\S+)$/,
      'expected a folder (absolute path) or a restic repository such as sftp:user@host:/backups',
    )
    .optional(),
  HOSTBAY_BACKUP_PASSWORD_FILE: z
    .string()
    .regex(/^\/\S+$/, 'expected the absolute path of the password file')
    .optional(),
  HOSTBAY_BACKUP_KEEP: keepVar,
  HOSTBAY_BACKUP_CONCURRENCY: intVar(1, 1, 2),
  HOSTBAY_BACKUP_GRACE: durationVar('7d', 0, 365 * 86400),
};

export function readBackupConfig(env: Env, dataDir: string): BackupConfig {
  const vars = readEnv(env, backupShape);
  return {
    schedule: vars.HOSTBAY_BACKUP_SCHEDULE,
    repository: vars.HOSTBAY_BACKUP_REPOSITORY ?? path.join(dataDir, 'backups'),
    passwordFile: vars.HOSTBAY_BACKUP_PASSWORD_FILE,
    keep: vars.HOSTBAY_BACKUP_KEEP,
    concurrency: vars.HOSTBAY_BACKUP_CONCURRENCY,
    graceSeconds: vars.HOSTBAY_BACKUP_GRACE,
    scratchDir: path.join(dataDir, 'tmp'),
  };
}
