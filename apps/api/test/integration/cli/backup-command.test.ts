import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAccounts } from '../../../src/composition/compose-accounts.js';
import { loadConfig } from '../../../src/config/config.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/databases.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const cli = path.join(root, 'apps/api/dist/cli/main.js');

/**
 * `hostbay backup create` and `restore` as an operator types them: one
 * installation written into an archive, restored into a fresh data folder and
 * an empty database, with its members and secrets; a restore over an
 * installation in use is refused.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('hostbay backup (%s)', (_, kind) => {
  const databases: TestDatabase[] = [];
  const folders: string[] = [];
  let first: { dataDir: string; url: string };
  let fresh: { dataDir: string; url: string };
  let archive: string;

  const installation = async () => {
    const database = await kind.create();
    databases.push(database);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hb-cli-backup-'));
    folders.push(dataDir);
    return { dataDir, url: database.url };
  };
  const env = (where: { dataDir: string; url: string }) => ({
    PATH: process.env.PATH ?? '',
    HOSTBAY_DATA_DIR: where.dataDir,
    HOSTBAY_DATABASE_URL: where.url,
  });
  const hostbay = (where: { dataDir: string; url: string }, args: string[], input?: string) => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (./hostbay builds; or npm run build)`);
    return spawnSync(process.execPath, [cli, ...args], { env: env(where), input, encoding: 'utf8', timeout: 60_000 });
  };

  beforeAll(async () => {
    first = await installation();
    fresh = await installation();
    archive = path.join(first.dataDir, 'out', 'hostbay.tar.gz');
    const made = hostbay(
      first,
      ['user', 'create', '--email', 'keep@example.org', '--username', 'keeper', '--password-stdin'],
      'a long enough password\n',
    );
    expect(made.status, made.stderr).toBe(0);
    // The ACME account and a certificate, as HTTPS leaves them.
    await mkdir(path.join(first.dataDir, 'tls', 'served'), { recursive: true });
    await writeFile(path.join(first.dataDir, 'tls', 'acme-account.key'), 'the account key', { mode: 0o600 });
    await writeFile(path.join(first.dataDir, 'tls', 'served', 'keeper.example.org.pem'), 'a certificate');
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('writes the database and the secrets into one archive only its owner may read', async () => {
    const written = hostbay(first, ['backup', 'create', '--output', archive]);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toContain(`Wrote ${archive}`);
    expect((await stat(archive)).mode & 0o777).toBe(0o600);
  });

  it('brings the installation back in a fresh data folder and database: its members, secrets and certificates', async () => {
    const restored = hostbay(fresh, ['backup', 'restore', archive]);
    expect(restored.status, restored.stderr).toBe(0);
    for (const secret of ['jwt-secret', 'installation-id', 'tls/acme-account.key', 'tls/served/keeper.example.org.pem'])
      expect(await readFile(path.join(fresh.dataDir, secret), 'utf8'), secret).toBe(
        await readFile(path.join(first.dataDir, secret), 'utf8'),
      );
    expect((await stat(path.join(fresh.dataDir, 'jwt-secret'))).mode & 0o777).toBe(0o600);
    const { database, auth } = await composeAccounts(await loadConfig(env(fresh)), { error: () => undefined });
    try {
      expect(await auth.authenticateUser('keep@example.org', 'a long enough password')).toMatchObject({
        username: 'keeper',
      });
    } finally {
      await database.close();
    }
  });

  it('refuses to restore over an installation in use, and a file that is not a Hostbay backup', async () => {
    const over = hostbay(first, ['backup', 'restore', archive]);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/already holds a Hostbay installation/);
    const stranger = await installation();
    const junk = path.join(stranger.dataDir, 'junk.tar.gz');
    const made = spawnSync('tar', ['-czf', junk, '-C', root, 'README.md']);
    expect(made.status).toBe(0);
    const refused = hostbay(stranger, ['backup', 'restore', junk]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not a Hostbay backup/);
  });
});
