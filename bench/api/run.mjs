#!/usr/bin/env node
// API benchmark (issue 2, item 10), two parts in one run:
//
// 1. Throughput: requests per second of `GET /api/v1/auth/me` (JWT check plus a database read)
//    on Hostbay's real API process against a bare Fastify hello-world (bench/api/hello-server.mjs).
//    Both servers are pinned to core 0 with `taskset`, this process (autocannon, closed loop,
//    same connections and duration for both) to core 1. Each server gets a warm-up, then the
//    measured time is split into alternating rounds (hello, /me, hello, /me...), so that load from
//    other programs on the machine falls on both alike.
// 2. Interference: latency of `/me` at a fixed request rate, first alone, then with logins fired
//    at a fixed rate beside it (10/s by default; each costs one bcrypt cost-12 comparison). Here
//    the API runs on both cores, not pinned: its event loop and its bcrypt thread need one each.
//    The /me load is open-loop and paced (one request every 1/rate s, latency counted from the
//    time the request was due), because autocannon's rate limit sends each connection's quota
//    for a second in one burst at the start of that second, so its p99 would measure its own
//    bursts. Logins the hashing capacity cannot keep up with queue in the API; they are awaited
//    (bounded by --drain-timeout) and reported: latency, throughput, failures.
//
//   npx tsc -b apps/api && node bench/api/run.mjs [--part all|throughput|latency] [--duration 10]
//       [--rate 300] [--login-rate 10] [--connections 50] [--dist apps/api/dist] [--json out.json]
//
// --dist points at another build of the API to compare (for example a copy with one change).
// The modules beside this file: processes.mjs (children, cleanup, CPU accounting), load.mjs
// (the load generators), hello-server.mjs (the baseline).
//
// Traffic goes to 127.0.0.1 only. Every process this script starts is killed when it ends,
// however it ends, and the whole run is bounded by --time-limit.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cannon, loginLoad, pacedGets, postJson } from './load.mjs';
import {
  ROOT as root,
  cleanUp,
  freePort,
  makeTempDir,
  pinSelf,
  startNode,
  stopChild,
  waitForHttp,
} from './processes.mjs';

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: 'apps/api/dist' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string', default: '300' },
    'login-rate': { type: 'string', default: '10' },
    'drain-timeout': { type: 'string', default: '40' },
    'time-limit': { type: 'string', default: '170' },
    part: { type: 'string', default: 'all' },
    json: { type: 'string' },
  },
});

if (!['all', 'throughput', 'latency'].includes(String(args.part))) {
  console.error('--part must be all, throughput or latency');
  process.exit(2);
}
const opts = {
  dist: path.resolve(root, args.dist),
  duration: positive('duration'),
  rounds: Math.round(positive('rounds')),
  warmup: positive('warmup'),
  connections: Math.round(positive('connections')),
  rate: positive('rate'),
  loginRate: positive('login-rate'),
  drainTimeout: positive('drain-timeout'),
  timeLimit: positive('time-limit'),
};

/**
 * Reads a numeric option that must be above zero.
 * @param {keyof typeof args} name
 * @returns {number}
 */
function positive(name) {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number, got ${String(args[name])}`);
    process.exit(2);
  }
  return value;
}

const PASSWORD = 'bench-password-0123456789';
// Read before this process pins itself: availableParallelism() follows the CPU affinity.
const CORES = os.availableParallelism();

for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    void cleanUp().then(() => process.exit(130));
  });
}
const timeLimit = setTimeout(() => {
  console.error(`time limit of ${opts.timeLimit} s reached: stopping`);
  void cleanUp().then(() => process.exit(3));
}, opts.timeLimit * 1000);

/**
 * Starts Hostbay's API (`hostbay serve`) with its own data folder and rate limits high enough
 * never to refuse a benchmark login.
 * @param {string} name
 * @param {string | undefined} cpus
 * @returns {Promise<{ child: import('./processes.mjs').Child, port: number, base: string }>}
 */
async function startApi(name, cpus) {
  const dataDir = await makeTempDir('hostbay-bench-api-');
  const port = await freePort();
  const limit = '100000/1m';
  const child = startNode(name, [path.join(opts.dist, 'cli/main.js'), 'serve'], {
    cpus,
    env: {
      HOSTBAY_PORT: String(port),
      HOSTBAY_HOST: '127.0.0.1',
      HOSTBAY_DATA_DIR: dataDir,
      HOSTBAY_LOG_LEVEL: 'warn',
      HOSTBAY_EDGE: 'off',
      HOSTBAY_LOGIN_LIMIT_PER_IP: limit,
      HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: limit,
      HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: limit,
      // Every benchmark login comes from 127.0.0.1: let them all queue, as the measurement intends.
      HOSTBAY_HASHES_PER_IP: '1000',
      HOSTBAY_REGISTER_LIMIT_PER_IP: limit,
      HOSTBAY_REGISTER_LIMIT_PER_ACCOUNT: limit,
    },
  });
  await waitForHttp(child, port);
  return { child, port, base: `http://127.0.0.1:${port}` };
}

/**
 * Starts the bare Fastify hello-world.
 * @param {string} cpus
 * @returns {Promise<{ child: import('./processes.mjs').Child, port: number, base: string }>}
 */
async function startHello(cpus) {
  const port = await freePort();
  const child = startNode('hello-world', [path.join(root, 'bench/api/hello-server.mjs'), String(port)], { cpus });
  await waitForHttp(child, port);
  return { child, port, base: `http://127.0.0.1:${port}` };
}

/**
 * Registers the benchmark account, logs in, and checks that /me answers 200 with the token.
 * @param {string} base
 * @returns {Promise<{ email: string, token: string }>}
 */
async function createAccount(base) {
  const email = 'bench@example.com';
  const registered = await postJson(`${base}/api/v1/auth/register`, { email, username: 'bench', password: PASSWORD });
  if (registered.status >= 300) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const login = await postJson(`${base}/api/v1/auth/login`, { email, password: PASSWORD });
  const token = login.body?.data?.access_token;
  if (login.status !== 200 || typeof token !== 'string') {
    throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  }
  const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  if (me.status !== 200) throw new Error(`/me: ${me.status} ${await me.text()}`);
  return { email, token };
}

// ---------------------------------------------------------------------------------------------
// The run.

/**
 * @param {number} n
 * @param {number} [digits]
 */
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

const ME = '/api/v1/auth/me';
/** @param {string} token */
const bearer = (token) => ({ authorization: `Bearer ${token}` });

/**
 * Part 1: requests per second of /me and of hello-world, both pinned to core 0, load on core 1.
 */
async function throughputPart() {
  console.log('part 1: starting the API and hello-world, both pinned to core 0');
  const [api, hello] = await Promise.all([startApi('api (core 0)', '0'), startHello('0')]);
  const account = await createAccount(api.base);
  pinSelf('1');
  console.log(`part 1: warm-up ${opts.warmup} s each, then ${opts.rounds} alternating rounds`);
  await cannon(hello, '/', {}, opts.warmup, opts.connections);
  await cannon(api, ME, bearer(account.token), opts.warmup, opts.connections);
  const roundSeconds = opts.duration / opts.rounds;
  /** @type {import('./load.mjs').CannonResult[]} */
  const helloRounds = [];
  /** @type {import('./load.mjs').CannonResult[]} */
  const meRounds = [];
  for (let round = 0; round < opts.rounds; round += 1) {
    const h = await cannon(hello, '/', {}, roundSeconds, opts.connections);
    const m = await cannon(api, ME, bearer(account.token), roundSeconds, opts.connections);
    helloRounds.push(h);
    meRounds.push(m);
    console.log(
      `  round ${round + 1}: hello ${fmt(h.ok / h.seconds, 0)} req/s, /me ${fmt(m.ok / m.seconds, 0)} req/s` +
        ` (${fmt((100 * m.ok) / m.seconds / (h.ok / h.seconds))}%); other programs used` +
        ` ${fmt(h.cpu.others, 2)} and ${fmt(m.cpu.others, 2)} cores`,
    );
  }
  pinSelf(`0-${CORES - 1}`);
  await Promise.all([stopChild(api.child), stopChild(hello.child)]);
  /** @param {import('./load.mjs').CannonResult[]} rounds */
  const sum = (rounds) => {
    const ok = rounds.reduce((a, r) => a + r.ok, 0);
    const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
    return {
      rps: ok / seconds,
      cpuMicrosPerRequest: (1e6 * rounds.reduce((a, r) => a + r.cpu.serverSeconds, 0)) / ok,
      othersCores: rounds.reduce((a, r) => a + r.cpu.others * r.seconds, 0) / seconds,
      bad: rounds.reduce((a, r) => a + r.bad, 0),
      p50: Math.max(...rounds.map((r) => r.p50)),
      p99: Math.max(...rounds.map((r) => r.p99)),
    };
  };
  const helloTotal = sum(helloRounds);
  const meTotal = sum(meRounds);
  if (meTotal.bad > 0 || helloTotal.bad > 0) {
    throw new Error(`failed requests in part 1: hello ${helloTotal.bad}, /me ${meTotal.bad}`);
  }
  return { hello: helloTotal, me: meTotal, ratio: meTotal.rps / helloTotal.rps, helloRounds, meRounds };
}

/**
 * Part 2: /me latency at a fixed rate, alone and beside logins; the API and the load on all cores.
 */
async function latencyPart() {
  console.log('part 2: starting the API, not pinned');
  const api = await startApi('api (unpinned)', undefined);
  const account = await createAccount(api.base);
  const pid = api.child.process.pid;
  const url = `${api.base}${ME}`;
  const headers = bearer(account.token);
  console.log(`part 2: /me at ${opts.rate} req/s, warm-up ${opts.warmup} s, then ${opts.duration} s alone`);
  await pacedGets(url, headers, opts.rate, opts.warmup, pid);
  const alone = await pacedGets(url, headers, opts.rate, opts.duration, pid);
  console.log(
    `  alone: p50 ${fmt(alone.p50, 2)} ms, p99 ${fmt(alone.p99, 2)} ms, others ${fmt(alone.cpu.others, 2)} cores`,
  );
  console.log(`  then ${opts.duration} s with ${opts.loginRate} logins/s beside it`);
  const logins = loginLoad(
    api.base,
    { email: account.email, password: PASSWORD },
    opts.loginRate,
    opts.duration,
    opts.drainTimeout,
  );
  const withLogins = await pacedGets(url, headers, opts.rate, opts.duration, pid);
  const windowEnd = performance.now();
  console.log(
    `  with logins: p50 ${fmt(withLogins.p50, 2)} ms, p99 ${fmt(withLogins.p99, 2)} ms,` +
      ` others ${fmt(withLogins.cpu.others, 2)} cores; waiting for logins`,
  );
  const login = await logins.finish(windowEnd);
  await stopChild(api.child);
  return { alone, withLogins, p99Ratio: withLogins.p99 / alone.p99, logins: login };
}

async function main() {
  if (!existsSync(path.join(opts.dist, 'cli/main.js'))) {
    throw new Error(`${opts.dist}/cli/main.js is missing: build first (npx tsc -b apps/api)`);
  }
  if (CORES < 2) throw new Error('needs at least 2 cores (server on core 0, load on core 1)');
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const throughput = args.part === 'latency' ? undefined : await throughputPart();
  const interference = args.part === 'throughput' ? undefined : await latencyPart();
  const report = {
    date: startedAt.toISOString(),
    node: process.version,
    cores: CORES,
    cpu: os.cpus()[0]?.model,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg(),
    options: { ...opts, dist: path.relative(root, opts.dist) },
    throughput,
    interference,
    targets: {
      rpsRatioMet: throughput && throughput.ratio >= 0.6,
      p99RatioMet: interference && interference.withLogins.bad === 0 && interference.p99Ratio <= 2,
    },
  };
  console.log(renderMarkdown(report));
  if (args.json) await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * The results as Markdown tables, ready for bench/RESULTS.md.
 * @param {any} r  the report built in main()
 * @returns {string}
 */
function renderMarkdown(r) {
  const met = (/** @type {boolean} */ yes) => (yes ? 'met' : 'NOT met');
  const lines = [
    '',
    `Run ${r.date}, Node ${r.node}, ${r.cores} cores (${r.cpu}), load average before ` +
      r.loadAverageBefore.map((/** @type {number} */ n) => n.toFixed(2)).join(' '),
  ];
  const t = r.throughput;
  if (t) {
    lines.push(
      '',
      `Throughput: servers pinned to core 0, autocannon on core 1, ${r.options.connections} connections,` +
        ` ${r.options.duration} s each in ${r.options.rounds} alternating rounds after ${r.options.warmup} s warm-up:`,
      '',
      '| server | req/s | p50 ms | p99 ms | server CPU per request | CPU of other programs (cores) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| Fastify hello-world | ${fmt(t.hello.rps, 0)} | ${t.hello.p50} | ${t.hello.p99} |` +
        ` ${fmt(t.hello.cpuMicrosPerRequest, 0)} µs | ${fmt(t.hello.othersCores, 2)} |`,
      `| Hostbay \`GET /api/v1/auth/me\` | ${fmt(t.me.rps, 0)} | ${t.me.p50} | ${t.me.p99} |` +
        ` ${fmt(t.me.cpuMicrosPerRequest, 0)} µs | ${fmt(t.me.othersCores, 2)} |`,
      '',
      `/me at ${fmt(100 * t.ratio)}% of hello-world (target >= 60%): ${met(r.targets.rpsRatioMet)}.`,
    );
  }
  const i = r.interference;
  if (i) {
    /** @param {string} name @param {import('./load.mjs').PacedResult} m */
    const row = (name, m) =>
      `| ${name} | ${m.sent} | ${m.bad} | ${fmt(m.p50, 2)} | ${fmt(m.p99, 2)} | ${fmt(m.p999, 2)} | ${fmt(m.max, 2)} |` +
      ` ${fmt(m.cpu.server, 2)} | ${fmt(m.cpu.bench, 2)} | ${fmt(m.cpu.others, 2)} |`;
    const l = i.logins;
    lines.push(
      '',
      `/me latency at ${r.options.rate} req/s, paced, open loop, API not pinned:`,
      '',
      '| /me | sent | failed | p50 ms | p99 ms | p99.9 ms | max ms | CPU: API | CPU: load generator | CPU: other programs |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('alone', i.alone),
      row(`with ${r.options.loginRate} logins/s`, i.withLogins),
      '',
      `/me p99 with logins = ${fmt(i.p99Ratio, 2)}x alone (target <= 2x, no failures): ${met(r.targets.p99RatioMet)}.`,
      '',
      '| logins | sent | ok | failed | unfinished | ok during the /me window | ok/s overall | p50 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${r.options.loginRate}/s for ${r.options.duration} s | ${l.sent} | ${l.ok} | ${l.failed} | ${l.unfinished} |` +
        ` ${l.okInWindow} in ${fmt(l.windowSeconds)} s | ${fmt(l.okPerSecond, 2)} | ${fmt(l.p50, 0)} | ${fmt(l.p99, 0)} | ${fmt(l.max, 0)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

try {
  await main();
  clearTimeout(timeLimit);
  await cleanUp();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await cleanUp();
  process.exit(1);
}
