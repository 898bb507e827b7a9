import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { ProcessRunner } from '../process/process-runner.js';

/** True when a PostgreSQL server answers `select 1` at this URL within a few seconds. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    // Any failure means "not usable here"; the caller falls back to a private server.
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A throwaway PostgreSQL cluster for the tests on machines where none runs:
 * initdb with trust auth in a folder of ours, listening only on 127.0.0.1.
 * Returns its URL. Needs Debian's postgresql package.
 */
export async function startPrivatePostgres(runner: ProcessRunner, dir: string, port: number): Promise<string> {
  const binDir = await postgresBinDir();
  const dataDir = path.join(dir, 'pgdata');
  await mkdir(dir, { recursive: true });
  // initdb and postgres refuse to run as root; Debian's package creates the postgres user.
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (process.getuid?.() === 0) await runner.runChecked(['chown', 'postgres:postgres', dir]);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await runner.runChecked([
      ...asPostgres,
      path.join(binDir, 'initdb'),
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
    ]);
  }
  await runner.runChecked(
    [
      ...asPostgres,
      path.join(binDir, 'pg_ctl'),
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'postgres.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ],
    { timeoutMs: 60_000 },
  );
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

async function postgresBinDir(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? (await readdir(root)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  return path.join(root, versions[0], 'bin');
}
