#!/usr/bin/env node
// Operator console benchmark (issue 12, item 10): the admin lists stay fast at 10,000 members,
// 10,000 hostings and 1,000,000 audit entries. It fills a fresh database (SQLite in a temp folder,
// or a new PostgreSQL database with --db postgres), then times each page query the admin API runs
// (the repositories' own code, from the build) many times and reports p50 and p95 in ms:
// the first page, a page deep in the list (by its keyset cursor), a search, and filters.
//
//   npx tsc -b apps/api && node bench/admin/run.mjs [--db sqlite|postgres] [--members 10000]
//       [--hostings 10000] [--audit 1000000] [--runs 200] [--json out.json]
//
// Traffic goes to 127.0.0.1 only (PostgreSQL); the temp folder or database is removed at the end.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dist = (file) => import(path.join(ROOT, 'apps/api/dist', file));
const { openDatabase } = await dist('db/database.js');
const { migrateToLatest } = await dist('db/migrate.js');
const { AdminRepository } = await dist('modules/admin/admin.repository.js');
const { AuditRepository } = await dist('modules/audit/audit.repository.js');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    members: { type: 'string', default: '10000' },
    hostings: { type: 'string', default: '10000' },
    audit: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
    json: { type: 'string' },
  },
});
const members = Number(args.members);
const hostingCount = Math.min(Number(args.hostings), members);
const auditCount = Number(args.audit);
const runs = Number(args.runs);

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
let url;
let cleanup;
if (args.db === 'postgres') {
  const name = `hostbay_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  url = u.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-bench-admin-'));
  url = `sqlite:${path.join(dir, 'hostbay.db')}`;
  cleanup = () => rm(dir, { recursive: true, force: true });
}

const database = openDatabase(url);
try {
  await migrateToLatest(database.db);
  const db = database.db;
  const started = performance.now();
  const base = Date.parse('2026-01-01T00:00:00Z');
  const STATUSES = ['RUNNING', 'RUNNING', 'RUNNING', 'STOPPED', 'ERROR', 'CREATING'];
  const userIds = [];
  const BATCH = 1000;
  for (let i = 0; i < members; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(members, i + BATCH); j += 1) {
      const id = randomUUID();
      userIds.push(id);
      const at = new Date(base + j * 60_000).toISOString();
      rows.push({
        id,
        email: `member${j}@school.example`,
        username: `member${j}`,
        password_hash: 'x',
        is_admin: j === 0,
        created_at: at,
        updated_at: at,
        status: j % 50 === 0 ? 'suspended' : j % 20 === 0 ? 'pending' : 'active',
      });
    }
    await db.insertInto('users').values(rows).execute();
  }
  for (let i = 0; i < hostingCount; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(hostingCount, i + BATCH); j += 1) {
      const at = new Date(base + j * 60_000 + 1000).toISOString();
      rows.push({
        id: randomUUID(),
        user_id: userIds[j],
        username: `member${j}`,
        status: STATUSES[j % STATUSES.length],
        vcpus: 1,
        memory_mb: 512,
        disk_gb: 10,
        network_mode: 'user',
        mac_address: '52:54:00:00:00:01',
        base_image: '{}',
        created_at: at,
        updated_at: at,
      });
    }
    await db.insertInto('hostings').values(rows).execute();
  }
  const ACTIONS = ['auth.login', 'auth.login', 'auth.login', 'hosting.start', 'hosting.stop', 'auth.register'];
  const AUDIT_BATCH = args.db === 'postgres' ? 2000 : 800;
  for (let i = 0; i < auditCount; i += AUDIT_BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(auditCount, i + AUDIT_BATCH); j += 1) {
      const user = j % members;
      rows.push({
        at: new Date(base + j * 1000).toISOString(),
        actor_kind: 'user',
        actor_id: userIds[user],
        actor_name: `member${user}`,
        action: ACTIONS[j % ACTIONS.length],
        target_kind: 'user',
        target_id: userIds[user],
        target_name: `member${user}`,
        client_ip: '203.0.113.7',
        request_id: null,
        result: j % 7 === 0 ? 'denied' : 'ok',
        detail: '{"status":200}',
      });
    }
    await db.insertInto('audit_log').values(rows).execute();
  }
  if (args.db === 'postgres') await database.pgPool?.query('analyze');
  else await db.executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } }).catch(() => undefined);
  const fillSeconds = (performance.now() - started) / 1000;

  const adminRepo = new AdminRepository(db);
  const audit = new AuditRepository(db);
  const cursorAt = async (list, index) => {
    const rows = await list();
    return rows[index];
  };
  // A keyset deep in each list: the 5,000th member and hosting, the 500,000th audit entry.
  const deepUser = await cursorAt(
    () => adminRepo.searchUsers({ limit: Math.min(5000, members) }),
    Math.min(4999, members - 1),
  );
  const deepHosting = await cursorAt(
    () => adminRepo.listHostings({ limit: Math.min(5000, hostingCount) }),
    Math.min(4999, hostingCount - 1),
  );
  const deepAudit = (await db
    .selectFrom('audit_log')
    .select(['id', 'at'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.floor(auditCount / 2))
    .limit(1)
    .executeTakeFirst()) ?? { id: 1, at: new Date(base).toISOString() };
  const at = (value) => (typeof value === 'string' ? value : value.toISOString());

  const cases = {
    'users: first page': () => adminRepo.searchUsers({ limit: 25 }),
    'users: page at the 5,000th': () =>
      adminRepo.searchUsers({ limit: 25, after: { at: deepUser.createdAt, id: deepUser.id } }),
    'users: search "member12"': () => adminRepo.searchUsers({ q: 'member12', limit: 25 }),
    'users: suspended': () => adminRepo.searchUsers({ status: 'suspended', limit: 25 }),
    'hostings: first page': () => adminRepo.listHostings({ limit: 25 }),
    'hostings: page at the 5,000th': () =>
      adminRepo.listHostings({ limit: 25, after: { at: deepHosting.createdAt, id: deepHosting.id } }),
    'hostings: ERROR': () => adminRepo.listHostings({ status: 'ERROR', limit: 25 }),
    'audit: first page': () => audit.list({ limit: 25 }),
    'audit: page at the 500,000th': () =>
      audit.list({ limit: 25, before: { at: at(deepAudit.at), id: Number(deepAudit.id) } }),
    'audit: one member': () => audit.list({ limit: 25, actorId: userIds[1234 % members] }),
    'audit: action hosting.stop': () => audit.list({ limit: 25, action: 'hosting.stop' }),
    'overview totals': () => adminRepo.totals(),
  };
  const results = {};
  for (const [name, run] of Object.entries(cases)) {
    for (let i = 0; i < 10; i += 1) await run();
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    results[name] = { p50: Number(p(0.5).toFixed(2)), p95: Number(p(0.95).toFixed(2)) };
    console.log(
      `${name.padEnd(32)} p50 ${results[name].p50.toFixed(2).padStart(7)} ms  p95 ${results[name].p95.toFixed(2).padStart(7)} ms`,
    );
  }
  console.log(
    `filled ${members} members, ${hostingCount} hostings, ${auditCount} audit entries in ${fillSeconds.toFixed(0)} s (${args.db})`,
  );
  if (args.json)
    await writeFile(args.json, JSON.stringify({ db: args.db, members, hostingCount, auditCount, results }, null, 2));
} finally {
  await database.close();
  await cleanup();
}
