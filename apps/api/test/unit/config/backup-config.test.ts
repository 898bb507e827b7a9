import { describe, expect, it } from 'vitest';
import { readBackupConfig } from '../../../src/config/backup.js';
import { ConfigError } from '../../../src/config/env-reader.js';

const read = (env: Record<string, string>) => readBackupConfig(env, '/var/lib/hostbay');

function refusal(env: Record<string, string>): ConfigError {
  try {
    read(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('backup settings', () => {
  it('back up daily at 03:00 into the data folder, keep 7 days and 4 weeks, one at a time, 7 days of grace', () => {
    expect(read({})).toEqual({
      schedule: '0 3 * * *',
      repository: '/var/lib/hostbay/backups',
      passwordFile: undefined,
      keep: { daily: 7, weekly: 4, monthly: 0 },
      concurrency: 1,
      graceSeconds: 7 * 86_400,
      scratchDir: '/var/lib/hostbay/tmp',
    });
  });

  it('read a NAS or a restic repository URL, a retention and a grace period', () => {
    const config = read({
      HOSTBAY_BACKUP_SCHEDULE: '30 1 * * 1-5',
      HOSTBAY_BACKUP_REPOSITORY: 'sftp:backup@nas.example.org:/hostbay',
      HOSTBAY_BACKUP_PASSWORD_FILE: '/etc/hostbay/backup-password',
      HOSTBAY_BACKUP_KEEP: 'daily=14, monthly=6',
      HOSTBAY_BACKUP_CONCURRENCY: '2',
      HOSTBAY_BACKUP_GRACE: '30d',
    });
    expect(config).toMatchObject({
      schedule: '30 1 * * 1-5',
      repository: 'sftp:backup@nas.example.org:/hostbay',
      passwordFile: '/etc/hostbay/backup-password',
      keep: { daily: 14, weekly: 0, monthly: 6 },
      concurrency: 2,
      graceSeconds: 30 * 86_400,
    });
    expect(read({ HOSTBAY_BACKUP_SCHEDULE: 'off' }).schedule).toBeUndefined();
  });

  it.each([
    ['HOSTBAY_BACKUP_SCHEDULE', 'every night'],
    ['HOSTBAY_BACKUP_SCHEDULE', '0 25 * * *'],
    ['HOSTBAY_BACKUP_REPOSITORY', 'backups'],
    ['HOSTBAY_BACKUP_REPOSITORY', 'ftp:host:/x'],
    ['HOSTBAY_BACKUP_PASSWORD_FILE', 'password.txt'],
    ['HOSTBAY_BACKUP_KEEP', 'hourly=5'],
    ['HOSTBAY_BACKUP_KEEP', 'daily=0'],
    ['HOSTBAY_BACKUP_CONCURRENCY', '3'],
    ['HOSTBAY_BACKUP_GRACE', 'a week'],
  ])('refuse %s=%j, naming the variable', (variable, value) => {
    expect(refusal({ [variable]: value }).variable).toBe(variable);
  });
});
