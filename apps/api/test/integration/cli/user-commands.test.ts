import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { composeAccounts } from '../../../src/composition/compose-accounts.js';
import { DATABASE_KINDS, type TestDatabase } from '../../support/databases.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const cli = path.join(root, 'apps/api/dist/cli/main.js');

/**
 * `hostbay user ...` as an operator types it: the built CLI on a real
 * database, then the result read back through the same repositories the
 * server uses.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('hostbay user (%s)', (_, kind) => {
  let database: TestDatabase;
  let dataDir: string;
  const env = () => ({ PATH: process.env.PATH ?? '', HOSTBAY_DATA_DIR: dataDir, HOSTBAY_DATABASE_URL: database.url });
  const hostbay = (args: string[], input?: string) => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (./hostbay builds; or npm run build)`);
    return spawnSync(process.execPath, [cli, 'user', ...args], {
      env: env(),
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
  };
  const accounts = async () => {
    const config = await loadConfig(env());
    return composeAccounts(config, { error: () => undefined });
  };

  beforeAll(async () => {
    database = await kind.create();
    dataDir = await mkdtemp(path.join(tmpdir(), 'hb-cli-user-'));
  });
  afterAll(async () => {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes the first administrator with a password from standard input, who can then log in', async () => {
    const made = hostbay(
      ['create', '--admin', '--email', 'Root@School.example', '--username', 'principal', '--password-stdin'],
      'a long enough password\n',
    );
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toBe('Created administrator principal <Root@School.example>.\n');
    const { database: db, users, auth, audit } = await accounts();
    try {
      const user = await auth.authenticateUser('root@school.example', 'a long enough password');
      expect(user).toMatchObject({ username: 'principal', isAdmin: true });
      expect(await users.countAdmins()).toBe(1);
      const [entry] = await audit.list({ limit: 1 });
      expect(entry).toMatchObject({ actorKind: 'cli', action: 'cli.user_create', targetId: user.id, result: 'ok' });
    } finally {
      await db.close();
    }
  });

  it('generates a password when none is piped in and prints it once', async () => {
    const made = hostbay(['create', '--email', 'member@school.example', '--username', 'member1']);
    expect(made.status).toBe(0);
    const password = /Password \(shown once, pass it on safely\): (\S+)/.exec(made.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const { database: db, auth } = await accounts();
    try {
      expect(await auth.authenticateUser('member@school.example', password!)).toMatchObject({ isAdmin: false });
    } finally {
      await db.close();
    }
  });

  it('grants and revokes admin, and says so in the audit log', async () => {
    expect(hostbay(['grant-admin', 'member@school.example']).stdout).toBe(
      'member1 <member@school.example> is an administrator.\n',
    );
    expect(hostbay(['revoke-admin', 'MEMBER@school.example']).status).toBe(0);
    const { database: db, users, audit } = await accounts();
    try {
      expect((await users.findByEmail('member@school.example'))?.isAdmin).toBe(false);
      const actions = (await audit.list({ limit: 2 })).map((entry) => entry.action);
      expect(actions).toEqual(['cli.admin_revoke', 'cli.admin_grant']);
    } finally {
      await db.close();
    }
  });

  it('refuses bad input with one clear line per field, and an unknown email, without a stack trace', () => {
    const bad = hostbay(['create', '--email', 'not an email', '--username', 'root'], '');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^hostbay: The account is not valid\.\n {2}email: .+\n {2}username: .+\n$/);
    const taken = hostbay(['create', '--email', 'other@school.example', '--username', 'principal']);
    expect(taken.stderr).toBe('hostbay: This username is taken.\n');
    const unknown = hostbay(['grant-admin', 'nobody@school.example']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('hostbay: No account has the email nobody@school.example.\n');
  });
});
