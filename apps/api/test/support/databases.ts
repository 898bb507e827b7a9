import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface DatabaseKind {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

/** Set by `./hostbay test`, which starts a private server where none runs. */
const ADMIN_URL = process.env.HOSTBAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const sqlite: DatabaseKind = {
  name: 'sqlite',
  async create() {
    const dir = await mkdtemp(path.join(tmpdir(), 'hostbay-db-'));
    return { url: `sqlite:${path.join(dir, 'hostbay.db')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  },
};

/** A fresh database per suite, so suites never see each other's rows. */
const postgres: DatabaseKind = {
  name: 'postgres',
  async create() {
    const name = `hostbay_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const client = new pg.Client({ connectionString: ADMIN_URL });
        await client.connect();
        try {
          await client.query(`drop database if exists ${name} with (force)`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

export const DATABASE_KINDS: readonly DatabaseKind[] = [sqlite, postgres];
