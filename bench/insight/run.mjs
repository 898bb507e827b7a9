#!/usr/bin/env node
// Resource sampler benchmark (issue 16, item 5), with Hostbay's own adapter, sampler and repository.
//
// 1. Rounds: N running domains on libvirt's test driver (a node file of N `hb-<uuid>` domains; the test driver
//    runs inside the virsh process itself), N hostings in a real database, the worker's ResourceSampler on its own
//    VirshSession (LibvirtDomainStats: one `virsh domstats` per round), LocalHostUsage and UsageRepository with the
//    UsageDownsampler, on a simulated clock 10 s a round (so every sixth round also averages a minute and prunes).
//    CPU per round: this process (process.cpuUsage), the virsh child (/proc/<pid>/stat) and, for PostgreSQL, the
//    server processes serving the benchmark's connections (pg_stat_activity's pids, /proc/<pid>/stat).
// 2. Realistic counters: the test driver reports domains' names only, so part 1 parses and stores idle, counter-less
//    machines. Here the same sampler reads a generated `domstats` text of N QEMU guests (CPU, balloon, two disks,
//    one NIC: about 60 lines each, counters growing every round) through the adapter's parser: the parsing, rates and
//    a database write of N real points, this process's CPU only (libvirtd's side needs real guests: see RESULTS).
// 3. Database growth: the points of --growth-hostings hostings (250 by default: rows and bytes grow with the
//    hostings, four times these for a thousand) for a simulated day (8,640 rounds through the repository and the
//    downsampler, as the sampler writes them), then 29 more days of what survives pruning (the ten-minute points),
//    pruned as on day 30: rows per resolution and bytes (SQLite: the file's used pages; PostgreSQL:
//    pg_total_relation_size) after day 1 and at the steady state.
//
//   npx tsc -b apps/api && node bench/insight/run.mjs [--domains 1000] [--rounds 60] [--parts rounds,realistic,growth]
//       [--databases sqlite,postgres] [--growth-hostings 250] [--json out.json]
//
// PostgreSQL: HOSTBAY_TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test (a database is made and dropped).
// Everything lives under one temporary folder, removed at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'apps/api/dist', p);
const { VirshSession } = await import(dist('adapters/libvirt/virsh-session.js'));
const { LibvirtDomainStats, parseDomainStats } = await import(dist('adapters/libvirt/libvirt-domain-stats.js'));
const { LocalHostUsage } = await import(dist('adapters/host/host-usage.js'));
const { openDatabase } = await import(dist('db/database.js'));
const { migrateToLatest } = await import(dist('db/migrate.js'));
const { UserRepository } = await import(dist('modules/users/user.repository.js'));
const { HostingRepository } = await import(dist('modules/hosting/hosting.repository.js'));
const { UsageRepository } = await import(dist('modules/insight/usage.repository.js'));
const { UsageDownsampler } = await import(dist('modules/insight/usage-downsampling.js'));
const { ResourceSampler } = await import(dist('modules/insight/resource-sampler.js'));
const { domainName } = await import(dist('modules/vm/vm-names.js'));

const { values: args } = parseArgs({
  options: {
    domains: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '60' },
    parts: { type: 'string', default: 'rounds,realistic,growth' },
    databases: { type: 'string', default: 'sqlite,postgres' },
    'growth-hostings': { type: 'string', default: '250' },
    json: { type: 'string' },
  },
});
const N = Number(args.domains);
const ROUNDS = Number(args.rounds);
const PARTS = new Set(args.parts.split(','));
const DATABASES = args.databases.split(',');
const GROWTH_N = Number(args['growth-hostings']);
const PG_ADMIN = process.env.HOSTBAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const INTERVAL_S = 10;

const started = Date.now();
const say = (text) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${text}`);
const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);
const mib = (bytes) => bytes / 1024 ** 2;
const log = { info: () => undefined, warn: (detail, msg) => say(`sampler: ${msg} ${detail.err?.message ?? ''}`) };

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;

/** utime + stime of a process, in ms (0 when it is gone). */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1000;
  } catch {
    return 0;
  }
}

/** Processes whose command name matches, with their parent's pid. */
function processes(match) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (match(comm)) found.push({ pid: Number(entry), ppid, comm });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

const virshChildren = () => processes((comm) => comm === 'virsh').filter((p) => p.ppid === process.pid);
const nodeCpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

// ---------------------------------------------------------------------------------------------------------
// Databases

async function freshDatabase(kind, work) {
  if (kind === 'sqlite') {
    const file = path.join(work, `usage-${randomBytes(4).toString('hex')}.db`);
    const database = openDatabase(`sqlite:${file}`);
    await migrateToLatest(database.db);
    return {
      kind,
      database,
      async bytes() {
        await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
        const pages = await sql`select (select page_count from pragma_page_count()) as pages,
          (select freelist_count from pragma_freelist_count()) as free,
          (select page_size from pragma_page_size()) as size`.execute(database.db);
        const row = pages.rows[0];
        return { file: statSync(file).size, used: (Number(row.pages) - Number(row.free)) * Number(row.size) };
      },
      backendPids: async () => [],
      drop: () => database.close(),
    };
  }
  const name = `hostbay_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  await migrateToLatest(database.db);
  return {
    kind,
    database,
    async bytes() {
      await sql`vacuum analyze usage_samples`.execute(database.db);
      const result = await sql`select pg_total_relation_size('usage_samples') as total,
        pg_relation_size('usage_samples') as heap`.execute(database.db);
      return {
        file: Number(result.rows[0].total),
        used: Number(result.rows[0].total),
        heap: Number(result.rows[0].heap),
      };
    },
    /** The server processes serving this database's connections (its background writers are not counted). */
    async backendPids() {
      const result = await sql`select pid from pg_stat_activity where datname = current_database()`.execute(
        database.db,
      );
      return result.rows.map((row) => Number(row.pid));
    },
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: PG_ADMIN });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** N hostings as Hostbay writes them (a member each), in one transaction. */
async function addHostings(database, n) {
  const ids = [];
  await database.db.transaction().execute(async (trx) => {
    const users = new UserRepository(trx);
    const hostings = new HostingRepository(trx);
    for (let i = 0; i < n; i += 1) {
      const username = `b${randomBytes(6).toString('hex')}`;
      const user = await users.insert({ email: `${username}@example.org`, username, passwordHash: 'x' });
      const id = randomUUID();
      await hostings.insert({
        id,
        userId: user.id,
        username,
        vcpus: 1 + (i % 2),
        memoryMb: 1024,
        diskGb: 10,
        networkMode: 'bridge',
        baseImage: { disk: '/images/base.qcow2', installsWebServer: false },
        sshPublicKey: null,
        passwordHash: null,
        idempotencyKey: null,
        templateKey: null,
      });
      ids.push(id);
    }
  });
  return ids;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Rounds on the test driver, and 2. with realistic counters

function testNode(names) {
  const domains = names.map(
    (name) =>
      `<domain type='test'><name>${name}</name><memory unit='KiB'>1048576</memory><vcpu>1</vcpu>` +
      `<os><type>hvm</type></os></domain>`,
  );
  return `<node><cpu><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>2</active>
<mhz>2000</mhz><model>test</model></cpu><memory>${64 * 1024 * 1024}</memory>${domains.join('\n')}</node>`;
}

/** What `virsh domstats --cpu-total --balloon --block --interface` prints for a bridged QEMU guest (libvirt 9). */
function qemuStats(name, round, i) {
  const grow = (base, perRound) => base + perRound * round;
  return `Domain: '${name}'
  cpu.time=${grow(1e12 + i * 1e9, 2e9 + (i % 7) * 1e8)}
  cpu.user=${grow(8e11, 1.5e9)}
  cpu.system=${grow(2e11, 4e8)}
  cpu.cache.monitor.count=0
  cpu.haltpoll.success.time=${grow(1e6, 1000)}
  cpu.haltpoll.fail.time=${grow(3e5, 100)}
  balloon.current=1048576
  balloon.maximum=1048576
  balloon.swap_in=0
  balloon.swap_out=0
  balloon.major_fault=301
  balloon.minor_fault=${grow(143548, 10)}
  balloon.unused=${600000 - (i % 1000)}
  balloon.available=1004940
  balloon.usable=${780000 - (i % 1000)}
  balloon.last-update=${1764330000 + round * 10}
  balloon.disk_caches=212564
  balloon.hugetlb_pgalloc=0
  balloon.hugetlb_pgfail=0
  balloon.rss=612304
  net.count=1
  net.0.name=vnet${i}
  net.0.rx.bytes=${grow(4567890, 20000 + i)}
  net.0.rx.pkts=${grow(3456, 20)}
  net.0.rx.errs=0
  net.0.rx.drop=0
  net.0.tx.bytes=${grow(123456, 90000 + i)}
  net.0.tx.pkts=${grow(1234, 70)}
  net.0.tx.errs=0
  net.0.tx.drop=0
  block.count=2
  block.0.name=vda
  block.0.path=/var/lib/hostbay/data/volumes/${name}.qcow2
  block.0.backingIndex=1
  block.0.rd.reqs=${grow(10234, 3)}
  block.0.rd.bytes=${grow(356789248, 12288)}
  block.0.rd.times=${grow(8123456789, 30000)}
  block.0.wr.reqs=${grow(5120, 9)}
  block.0.wr.bytes=${grow(45678592, 40960 + i)}
  block.0.wr.times=${grow(3123456789, 90000)}
  block.0.fl.reqs=${grow(900, 2)}
  block.0.fl.times=${grow(1123456789, 5000)}
  block.0.allocation=1234567168
  block.0.capacity=10737418240
  block.0.physical=1234567168
  block.1.name=vdb
  block.1.path=/var/lib/hostbay/data/volumes/${name}-seed.iso
  block.1.rd.reqs=20
  block.1.rd.bytes=409600
  block.1.rd.times=1234567
  block.1.wr.reqs=0
  block.1.wr.bytes=0
  block.1.wr.times=0
  block.1.fl.reqs=0
  block.1.fl.times=0
  block.1.allocation=370688
  block.1.capacity=370688
  block.1.physical=370688
`;
}

async function benchRounds(kind, work, realistic) {
  const db = await freshDatabase(kind, work);
  let session;
  try {
    say(`${kind}: ${N} hostings into the database`);
    const ids = await addHostings(db.database, N);
    const names = ids.map(domainName);
    let domains;
    let textBytes = 0;
    let round = 0;
    if (realistic) {
      domains = {
        // The text as virsh would hand it over, parsed by the adapter's own parser.
        async readRunning() {
          const text = names.map((name, i) => qemuStats(name, round, i)).join('\n');
          textBytes = text.length;
          return parseDomainStats(text);
        },
      };
    } else {
      const node = path.join(work, `node-${N}.xml`);
      writeFileSync(node, testNode(names));
      session = new VirshSession({ uri: `test://${node}` });
      domains = new LibvirtDomainStats(session);
    }
    const repository = new UsageRepository(db.database.db);
    // A simulated clock 5 s before a whole minute: each sixth round completes a minute.
    let now = (Math.floor(Date.now() / 600_000) * 600 - 5) * 1000;
    const sampler = new ResourceSampler({
      domains,
      host: new LocalHostUsage(work),
      store: repository,
      downsampler: new UsageDownsampler(repository),
      intervalMs: INTERVAL_S * 1000,
      log,
      now: () => new Date(now),
    });
    // Warm-up: the session's start, the node file's load, prepared statements; the first round stores nothing.
    for (let i = 0; i < 3; i += 1) {
      await sampler.sample();
      now += INTERVAL_S * 1000;
      round += 1;
    }
    const virsh = realistic ? [] : virshChildren();
    if (!realistic && virsh.length !== 1) throw new Error(`expected one virsh child, found ${virsh.length}`);
    const rows = [];
    const virshStart = realistic ? 0 : processCpuMs(virsh[0].pid);
    const backends = await db.backendPids();
    const pgStart = new Map(backends.map((pid) => [pid, processCpuMs(pid)]));
    say(`${kind}${realistic ? ' (realistic counters)' : ''}: ${ROUNDS} rounds of ${N} domains`);
    for (let i = 0; i < ROUNDS; i += 1) {
      const minute = Math.floor(now / 60_000) !== Math.floor((now - INTERVAL_S * 1000) / 60_000);
      const virshBefore = realistic ? 0 : processCpuMs(virsh[0].pid);
      const cpu = process.cpuUsage();
      const t = performance.now();
      await sampler.sample();
      rows.push({
        wallMs: performance.now() - t,
        nodeCpuMs: nodeCpuMs(cpu),
        virshCpuMs: realistic ? 0 : processCpuMs(virsh[0].pid) - virshBefore,
        minute,
        points: sampler.latest()?.byHosting.size ?? 0,
      });
      now += INTERVAL_S * 1000;
      round += 1;
    }
    const virshTotal = realistic ? 0 : processCpuMs(virsh[0].pid) - virshStart;
    // A connection the pool opened during the rounds counts whole.
    const pgTotal = (await db.backendPids()).reduce((sum, pid) => sum + processCpuMs(pid) - (pgStart.get(pid) ?? 0), 0);
    const plain = rows.filter((r) => !r.minute);
    const minutes = rows.filter((r) => r.minute);
    const summary = {
      kind,
      realistic,
      domains: N,
      rounds: ROUNDS,
      pointsPerRound: Math.min(...rows.map((r) => r.points)),
      domstatsTextBytes: realistic ? textBytes : undefined,
      nodeCpuMsMean: mean(rows.map((r) => r.nodeCpuMs)),
      nodeCpuMsPlainMedian: percentile(
        plain.map((r) => r.nodeCpuMs),
        50,
      ),
      nodeCpuMsMinuteMedian: minutes.length
        ? percentile(
            minutes.map((r) => r.nodeCpuMs),
            50,
          )
        : undefined,
      nodeCpuMsMax: Math.max(...rows.map((r) => r.nodeCpuMs)),
      virshCpuMsMean: virshTotal / ROUNDS,
      postgresCpuMsMean: pgTotal / ROUNDS,
      wallMsMedian: percentile(
        rows.map((r) => r.wallMs),
        50,
      ),
      wallMsMax: Math.max(...rows.map((r) => r.wallMs)),
    };
    summary.totalCpuMsMean = summary.nodeCpuMsMean + summary.virshCpuMsMean + summary.postgresCpuMsMean;
    summary.coreSharePercent = (summary.totalCpuMsMean / (INTERVAL_S * 1000)) * 100;
    say(
      `  CPU per round: node ${f1(summary.nodeCpuMsMean)} ms (plain ${f1(summary.nodeCpuMsPlainMedian)}, ` +
        `with a minute's averaging ${f1(summary.nodeCpuMsMinuteMedian ?? 0)}), virsh ${f1(summary.virshCpuMsMean)} ms, ` +
        `postgres ${f1(summary.postgresCpuMsMean)} ms = ${f2(summary.coreSharePercent)} % of a core; wall ${f1(summary.wallMsMedian)} ms`,
    );
    return summary;
  } finally {
    await session?.close();
    await db.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 3. Database growth

function syntheticUsage(i, at) {
  return {
    cpuPercent: ((i * 7 + at) % 10_000) / 100,
    memoryBytes: 300 * 1024 ** 2 + (i % 1000) * 4096,
    diskReadBytesPerSecond: (i * 13 + at) % 50_000,
    diskWriteBytesPerSecond: (i * 17 + at) % 200_000,
    networkInBytesPerSecond: (i * 19 + at) % 100_000,
    networkOutBytesPerSecond: (i * 23 + at) % 400_000,
  };
}

async function benchGrowth(kind, work) {
  const db = await freshDatabase(kind, work);
  try {
    say(`${kind}: growth with ${GROWTH_N} hostings`);
    const ids = await addHostings(db.database, GROWTH_N);
    const repository = new UsageRepository(db.database.db);
    const downsampler = new UsageDownsampler(repository);
    const count = async () => {
      const result = await sql`select resolution, count(*) as n from usage_samples group by resolution`.execute(
        db.database.db,
      );
      return Object.fromEntries(result.rows.map((r) => [Number(r.resolution), Number(r.n)]));
    };
    const empty = await db.bytes();
    // Day 1, as the sampler writes it: 8,640 rounds of every hosting's point.
    const day0 = Math.floor(Date.now() / 86_400_000) * 86_400 - 31 * 86_400;
    const dayStart = performance.now();
    const cpu = process.cpuUsage();
    for (let at = day0 + INTERVAL_S; at <= day0 + 86_400; at += INTERVAL_S) {
      await repository.insert(
        10,
        ids.map((hostingId, i) => ({ hostingId, at, usage: syntheticUsage(i, at) })),
      );
      await downsampler.run(at);
      // An hour's pruned 10 s points are 360 rows per hosting: in real time autovacuum frees them as they go; in
      // this compressed day it would lag, and the table would measure its dead rows.
      if (kind === 'postgres' && (at - day0) % 3600 === 0) await sql`vacuum usage_samples`.execute(db.database.db);
      if ((at - day0) % 21_600 === 0) say(`  ${(at - day0) / 3600} h simulated`);
    }
    const daySeconds = (performance.now() - dayStart) / 1000;
    const dayCpuMs = nodeCpuMs(cpu);
    const afterDay = { rows: await count(), bytes: await db.bytes() };
    say(`  day 1: ${JSON.stringify(afterDay.rows)} rows, ${f1(mib(afterDay.bytes.used))} MiB (${f1(daySeconds)} s)`);
    // Days 2 to 30: what pruning leaves of them is their ten-minute points; then day 30's pruning.
    const points = (from, to, step) => {
      const samples = [];
      for (let at = from; at <= to; at += step)
        for (const [i, hostingId] of ids.entries()) samples.push({ hostingId, at, usage: syntheticUsage(i, at) });
      return samples;
    };
    // A day's ten-minute points per call (the repository writes them 500 rows a statement, in one transaction).
    for (let day = 1; day < 30; day += 1) {
      const start = day0 + day * 86_400;
      await repository.insert(600, points(start + 600, start + 86_400, 600));
    }
    const end = day0 + 30 * 86_400;
    // The last day's minutes and the last hour's 10 s points, as they stand on day 30.
    for (let hour = 0; hour < 24; hour += 1) {
      const from = end - 86_400 + hour * 3600;
      await repository.insert(60, points(from + 60, from + 3600, 60));
    }
    await repository.insert(10, points(end - 3600 + 10, end, 10));
    await downsampler.prune(end);
    const steady = { rows: await count(), bytes: await db.bytes() };
    say(`  day 30: ${JSON.stringify(steady.rows)} rows, ${f1(mib(steady.bytes.used))} MiB`);
    return { kind, hostings: GROWTH_N, empty, daySeconds, dayCpuMs, afterDay, steady };
  } finally {
    await db.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------

const work = mkdtempSync(path.join(os.tmpdir(), 'hostbay-bench-insight-'));
const results = {
  startedAt: new Date().toISOString(),
  host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() },
  node: process.version,
  virsh: execFileSync('virsh', ['--version'], { encoding: 'utf8' }).trim(),
  rounds: [],
  growth: [],
};
try {
  for (const kind of DATABASES) {
    if (PARTS.has('rounds')) results.rounds.push(await benchRounds(kind, work, false));
    if (PARTS.has('realistic')) results.rounds.push(await benchRounds(kind, work, true));
    if (PARTS.has('growth')) results.growth.push(await benchGrowth(kind, work));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
results.finishedAt = new Date().toISOString();
results.loadAfter = os.loadavg();
const json = JSON.stringify(results, null, 2);
if (args.json) writeFileSync(args.json, json);
console.log(json);
