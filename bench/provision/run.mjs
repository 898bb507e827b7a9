// bench/provision: instant hostings (issue 13) against the cold boot, in one run on real VMs.
// 1. `hostbay up` with templates on: once the current image's template is ready, N hostings one after another,
//    each timed from POST /hosting until the API says RUNNING (creation_path 'template'), the site answers 200
//    through the edge and the SSH port shows its banner; each is deleted after (until 404).
// 2. On the first R of them, before deleting: stop (timed until STOPPED), start (timed until RUNNING + site +
//    SSH banner), and a file written over SSH before the stop must still be there after the start.
// 3. A second `hostbay up` (fresh data folder) with HOSTBAY_TEMPLATES=off: C hostings booted from the base image.
// Usage: npx tsc -b apps/api packages/contract && node bench/provision/run.mjs [--template 5] [--restarts 3]
//        [--cold 3] [--json FILE]   (root; real VMs under TCG: about 8 minutes)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMAGE_DIR = process.env.HOSTBAY_IMAGE_DIR ?? '/var/tmp/hostbay-e2e-images';
const { values: options } = parseArgs({
  options: {
    template: { type: 'string', default: '5' },
    restarts: { type: 'string', default: '3' },
    cold: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
const TEMPLATE_RUNS = Number(options.template);
const RESTARTS = Math.min(Number(options.restarts), TEMPLATE_RUNS);
const COLD_RUNS = Number(options.cold);
const LIMIT_MS = 35 * 60_000;
const TEMPLATE_WAIT_MS = 8 * 60_000;
const POLL_MS = 100;
const PLATFORM_STEPS = ['allocate', 'write_seed', 'clone_disk', 'define_vm', 'add_proxy', 'probe_site'];
const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), 'hostbay-bench-provision-'));
const keyFile = path.join(work, 'key');
/** Everything that looked wrong during the run, printed at the end. */
const oddities = [];
/** @type {Instance[]} */
const instances = [];

/**
 * @typedef {{ name: string, base: number, dataDir: string, tmpDir: string,
 *   process?: import('node:child_process').ChildProcess, exited?: Promise<unknown>, installationId?: string }} Instance
 */

const run = (file, args, input) =>
  execFileSync(file, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 });
const virsh = (...args) => run('virsh', ['-c', 'qemu:///system', ...args]);
const overTime = () => Date.now() - started > LIMIT_MS;
const say = (text) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${text}`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** GET / through 127.0.0.1 with a Host header (Node cannot resolve *.localhost); 0 when nothing answers. */
function status(port, host) {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { host }, timeout: 3000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', () => resolve(0))
      .on('timeout', function () {
        this.destroy();
      });
  });
}

/** True once the port sends an SSH-2.0 banner. */
function sshBanner(port) {
  return new Promise((resolve) => {
    let seen = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.includes('SSH-2.0')) done(true);
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(seen.includes('SSH-2.0')));
  });
}

async function api(instance, method, route, token, body) {
  const res = await fetch(`http://127.0.0.1:${instance.base}/api/v1${route}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (the edge's own error page): keep the status only.
  }
  return { status: res.status, body: parsed };
}

function ssh(user, port, command) {
  return run('ssh', [
    '-i',
    keyFile,
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=15',
    '-o',
    'LogLevel=ERROR',
    '-p',
    String(port),
    `${user}@127.0.0.1`,
    command,
  ]).trim();
}

async function startHostbay(name, base, extraEnv) {
  /** @type {Instance} */
  const instance = { name, base, dataDir: path.join(work, name, 'data'), tmpDir: path.join(work, name, 'tmp') };
  run('mkdir', ['-p', instance.dataDir, instance.tmpDir]);
  instances.push(instance);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: instance.tmpDir,
    HOSTBAY_DATA_DIR: instance.dataDir,
    HOSTBAY_IMAGE_DIR: IMAGE_DIR,
    HOSTBAY_HOST: '127.0.0.1',
    HOSTBAY_PORT: String(base),
    HOSTBAY_API_PORT: String(base + 1),
    HOSTBAY_SSH_PORTS: `${base + 10}-${base + 19}`,
    HOSTBAY_VM_WEB_PORTS: `${base + 20}-${base + 29}`,
    HOSTBAY_VM_SSH_PORTS: `${base + 30}-${base + 39}`,
    HOSTBAY_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/api/dist/cli/main.js'), 'up'], {
    env,
    stdio: 'inherit',
  });
  instance.process = child;
  instance.exited = new Promise((resolve) => child.once('exit', resolve));
  while (!overTime()) {
    if (child.exitCode !== null) throw new Error(`${name}: hostbay up exited with ${child.exitCode}`);
    if ((await status(base, 'localhost')) === 200) break;
    await sleep(500);
  }
  if (overTime()) throw new Error(`${name}: Hostbay did not start`);
  instance.installationId = readFileSync(path.join(instance.dataDir, 'installation-id'), 'utf8').trim();
  say(`${name}: Hostbay answers on ${base} (installation ${instance.installationId})`);
  return instance;
}

async function stopHostbay(instance) {
  const child = instance.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timedOut = await Promise.race([instance.exited.then(() => false), sleep(120_000).then(() => true)]);
  if (timedOut) {
    oddities.push(`${instance.name}: Hostbay did not exit within 120 s of SIGINT; killed`);
    child.kill('SIGKILL');
    await instance.exited;
  }
}

/** Removes what this installation left in libvirt and nftables (nothing, when Hostbay cleaned up after itself). */
function cleanInstance(instance) {
  const id = instance.installationId;
  if (!id) return;
  const pool = `hostbay-${id}`;
  const quiet = (...args) => {
    try {
      return virsh(...args);
    } catch {
      return '';
    }
  };
  for (const domain of quiet('list', '--all', '--name').split('\n').filter(Boolean)) {
    if (!domain.startsWith('hb-')) continue;
    if (!quiet('dumpxml', domain).includes(`'${pool}'`)) continue;
    oddities.push(`${instance.name}: domain ${domain} was left behind; removed`);
    quiet('destroy', domain);
    quiet('undefine', domain, '--managed-save');
  }
  if (quiet('pool-list', '--all', '--name').split('\n').includes(pool)) {
    quiet('pool-destroy', pool);
    quiet('pool-undefine', pool);
  }
  try {
    run('nft', ['delete', 'table', 'inet', `hostbay_${id}`]);
  } catch {
    // Not there.
  }
}

async function register(instance, username) {
  const email = `${username}@example.org`;
  const password = 'a bench password';
  const registered = await api(instance, 'POST', '/auth/register', null, { email, username, password });
  if (registered.status !== 201) throw new Error(`register ${username}: ${JSON.stringify(registered.body)}`);
  const login = await api(instance, 'POST', '/auth/login', null, { email, password });
  if (login.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(login.body)}`);
  return login.body.data.access_token;
}

const stepTimes = (hosting) =>
  Object.fromEntries(
    (hosting?.steps ?? [])
      .filter((s) => s.started_at && s.finished_at)
      .map((s) => [s.name, Date.parse(s.finished_at) - Date.parse(s.started_at)]),
  );

/** Polls GET /hosting/my until `until` holds (or ERROR); returns the hosting. */
async function waitForHosting(instance, token, until, limitMs, what) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const { body } = await api(instance, 'GET', '/hosting/my', token);
    const hosting = body?.data;
    if (hosting && until(hosting)) return hosting;
    if (hosting?.status === 'ERROR') throw new Error(`${what}: ERROR ${JSON.stringify(hosting.error)}`);
    if (Date.now() > deadline || overTime()) throw new Error(`${what}: still ${hosting?.status} after ${limitMs} ms`);
    await sleep(POLL_MS);
  }
}

/** Waits until the site answers 200 through the edge and the SSH port shows its banner. */
async function waitForService(instance, hosting, limitMs, what) {
  const deadline = Date.now() + limitMs;
  let site = false;
  let banner = false;
  while (!(site && banner)) {
    if (Date.now() > deadline) throw new Error(`${what}: site ${site}, SSH banner ${banner} after ${limitMs} ms`);
    [site, banner] = await Promise.all([
      site || status(instance.base, `${hosting.ssh_user}.localhost`).then((s) => s === 200),
      banner || sshBanner(hosting.ssh_port),
    ]);
    if (!(site && banner)) await sleep(POLL_MS);
  }
}

/** POST /hosting → RUNNING + site 200 + SSH banner. */
async function create(instance, token, publicKey, expectedPath, limitMs) {
  const t0 = performance.now();
  const created = await api(instance, 'POST', '/hosting', token, { ssh_public_key: publicKey });
  if (created.status !== 202) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const hostingId = created.body.data.id;
  const hosting = await waitForHosting(instance, token, (h) => h.status === 'RUNNING', limitMs, 'create');
  const running = performance.now() - t0;
  await waitForService(instance, hosting, 60_000, 'create');
  const total = performance.now() - t0;
  if (hosting.creation_path !== expectedPath)
    oddities.push(`${hosting.ssh_user}: made by '${hosting.creation_path}', expected '${expectedPath}'`);
  return {
    hostingId,
    user: hosting.ssh_user,
    sshPort: hosting.ssh_port,
    path: hosting.creation_path,
    running,
    total,
    steps: stepTimes(hosting),
  };
}

async function action(instance, token, name, target, limitMs) {
  const t0 = performance.now();
  const sent = await api(instance, 'POST', '/hosting/my/actions', token, { action: name });
  if (sent.status !== 202) throw new Error(`${name}: ${sent.status} ${JSON.stringify(sent.body)}`);
  const hosting = await waitForHosting(instance, token, (h) => h.status === target, limitMs, name);
  return { hosting, ms: performance.now() - t0 };
}

/** Stop, then start: a file written over SSH before must be there after. */
async function stopAndStart(instance, token, made) {
  const marker = `bench-${Math.random().toString(36).slice(2)}`;
  ssh(made.user, made.sshPort, `echo ${marker} > bench-file && sync`);
  const stop = await action(instance, token, 'stop', 'STOPPED', 180_000);
  const t0 = performance.now();
  const start = await action(instance, token, 'start', 'RUNNING', 300_000);
  const running = performance.now() - t0;
  await waitForService(instance, start.hosting, 60_000, 'start');
  const total = performance.now() - t0;
  const kept = ssh(made.user, made.sshPort, 'cat bench-file') === marker;
  if (!kept) oddities.push(`${made.user}: the file written before the stop is gone after the start`);
  return {
    stopMs: stop.ms,
    stopSteps: stepTimes(stop.hosting),
    startRunningMs: running,
    startMs: total,
    startSteps: stepTimes(start.hosting),
    kept,
  };
}

async function remove(instance, token) {
  const t0 = performance.now();
  const deleted = await api(instance, 'DELETE', '/hosting/my', token);
  if (deleted.status !== 202) throw new Error(`delete: ${deleted.status} ${JSON.stringify(deleted.body)}`);
  while ((await api(instance, 'GET', '/hosting/my', token)).status !== 404) {
    if (overTime()) throw new Error('delete: the hosting never went');
    await sleep(250);
  }
  return performance.now() - t0;
}

/** Waits for `<IMAGE_DIR>/templates/<key>/template.json` of the current image's disk. */
async function waitForTemplate() {
  const image = JSON.parse(readFileSync(path.join(IMAGE_DIR, 'current.json'), 'utf8'));
  const baseDisk = path.join(IMAGE_DIR, image.id, 'base.qcow2');
  const t0 = Date.now();
  const find = () => {
    const dir = path.join(IMAGE_DIR, 'templates');
    for (const key of existsSync(dir) ? readdirSync(dir) : []) {
      if (!/^[0-9a-f]{16}$/.test(key)) continue;
      try {
        const manifest = JSON.parse(readFileSync(path.join(dir, key, 'template.json'), 'utf8'));
        if (manifest.baseDisk === baseDisk) return manifest;
      } catch {
        // Not (yet) a template.
      }
    }
    return undefined;
  };
  let manifest = find();
  while (!manifest) {
    if (Date.now() - t0 > TEMPLATE_WAIT_MS || overTime()) throw new Error(`no template of ${baseDisk} in time`);
    await sleep(1000);
    manifest = find();
  }
  return { manifest, waitedMs: Date.now() - t0, image: image.id };
}

function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const stats = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  n: values.length,
});
const sec = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '–');
const stepsOf = (list) => [...new Set(list.flatMap((entry) => Object.keys(entry)))];

function report(result) {
  const templates = result.template.filter((m) => m.path === 'template');
  const cold = result.cold.filter((m) => m.path === 'boot');
  const tpl = stats(templates.map((m) => m.total));
  const coldStats = stats(cold.map((m) => m.total));
  const ratio = coldStats.median / tpl.median;
  const platform = stats(templates.map((m) => PLATFORM_STEPS.reduce((sum, name) => sum + (m.steps[name] ?? 0), 0)));
  const restore = stats(templates.map((m) => m.steps.restore_vm ?? NaN));
  const personalise = stats(templates.map((m) => m.steps.personalise ?? NaN));
  const start = stats(result.restarts.map((r) => r.startMs));
  const stop = stats(result.restarts.map((r) => r.stopMs));
  const met = (ok) => (ok ? '**met**' : '**not met**');
  const row = (label, s, target = '', verdict = '') =>
    `| ${label} | ${sec(s.median)} | ${sec(s.min)} | ${sec(s.max)} | ${s.n} | ${target} | ${verdict} |`;
  const stepTable = (title, list) => [
    `| ${title} | median ms | min | max |`,
    '| --- | ---: | ---: | ---: |',
    ...stepsOf(list).map((name) => {
      const s = stats(list.map((steps) => steps[name]).filter((v) => v !== undefined));
      return `| ${name} | ${s.median} | ${s.min} | ${s.max} |`;
    }),
  ];
  const lines = [
    '```markdown',
    `Run ${result.startedAt}, Node ${process.version}, virt type ${result.virtType}, load average before ` +
      `${result.loadBefore} (before the cold phase ${result.loadBeforeCold}); template ${result.templateKey} ` +
      `(${result.templateWaitedMs < 2000 ? 'ready at start' : `ready after ${sec(result.templateWaitedMs)} s`})`,
    '',
    '| measure (s) | median | min | max | n | target | |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    row('template: POST → RUNNING + site 200 + SSH banner', tpl, '<= 5 s', met(tpl.median <= 5000)),
    row('(template: POST → API says RUNNING)', stats(templates.map((m) => m.running))),
    row('cold boot: POST → RUNNING + site 200 + SSH banner', coldStats),
    row('(cold boot: POST → API says RUNNING)', stats(cold.map((m) => m.running))),
    `| cold / template (medians) | ${ratio.toFixed(1)} × | | | | >= 7 × | ${met(ratio >= 7)} |`,
    row(
      'template platform steps (allocate … define_vm, add_proxy, probe_site)',
      platform,
      '< 1 s',
      met(platform.median < 1000),
    ),
    row('template restore_vm', restore),
    row('template personalise', personalise),
    row('start after stop → RUNNING + site 200 + SSH banner', start, '< 5 s', met(start.median < 5000)),
    row('(start after stop → API says RUNNING)', stats(result.restarts.map((r) => r.startRunningMs))),
    row('stop → STOPPED', stop),
    row('delete → 404 (template hostings)', stats(result.template.map((m) => m.deleteMs))),
    '',
    ...stepTable(
      'template path step',
      templates.map((m) => m.steps),
    ),
    '',
    ...stepTable(
      'cold path step',
      cold.map((m) => m.steps),
    ),
    '',
    ...stepTable(
      'stop job step',
      result.restarts.map((r) => r.stopSteps),
    ),
    '',
    ...stepTable(
      'start job step',
      result.restarts.map((r) => r.startSteps),
    ),
    '',
    '| hosting | path | POST → RUNNING (API) s | + site and SSH s | restore_vm ms | personalise ms | stop s | start s | file kept |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...[...result.template, ...result.cold].map((m) => {
      const r = result.restarts.find((x) => x.user === m.user);
      return `| ${m.user} | ${m.path} | ${sec(m.running)} | ${sec(m.total)} | ${m.steps.restore_vm ?? '–'} | ${m.steps.personalise ?? '–'} | ${r ? sec(r.stopMs) : '–'} | ${r ? sec(r.startMs) : '–'} | ${r ? (r.kept ? 'yes' : '**no**') : '–'} |`;
    }),
    '```',
  ];
  console.log(lines.join('\n'));
  if (oddities.length) console.log(`\nOdd:\n${oddities.map((o) => `- ${o}`).join('\n')}`);
}

async function main() {
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  const publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  const result = {
    startedAt: new Date().toISOString(),
    loadBefore: loadAverage(),
    template: [],
    restarts: [],
    cold: [],
  };

  // 1 and 2: templates on.
  const warm = await startHostbay('template', 47000, {});
  const found = await waitForTemplate();
  result.templateKey = found.manifest.key;
  result.templateWaitedMs = found.waitedMs;
  say(`template ${found.manifest.key} of ${found.image} ready (waited ${sec(found.waitedMs)} s)`);
  for (let i = 1; i <= TEMPLATE_RUNS; i++) {
    const token = await register(warm, `bencht${i}`);
    const made = await create(warm, token, publicKey, 'template', 300_000);
    say(`bencht${i}: ${made.path}, ${sec(made.total)} s ${JSON.stringify(made.steps)}`);
    if (i <= RESTARTS) {
      const cycle = await stopAndStart(warm, token, made);
      result.restarts.push({ user: made.user, ...cycle });
      say(`bencht${i}: stop ${sec(cycle.stopMs)} s, start ${sec(cycle.startMs)} s, file kept ${cycle.kept}`);
    }
    made.deleteMs = await remove(warm, token);
    result.template.push(made);
  }
  result.virtType = (() => {
    try {
      return JSON.parse(readFileSync(path.join(warm.dataDir, 'virt-type.json'), 'utf8')).virtType;
    } catch {
      return 'unknown';
    }
  })();
  await stopHostbay(warm);
  cleanInstance(warm);

  // 3: the cold boot.
  result.loadBeforeCold = loadAverage();
  const coldHostbay = await startHostbay('cold', 47100, { HOSTBAY_TEMPLATES: 'off' });
  for (let i = 1; i <= COLD_RUNS; i++) {
    const token = await register(coldHostbay, `benchc${i}`);
    const made = await create(coldHostbay, token, publicKey, 'boot', 600_000);
    say(`benchc${i}: ${made.path}, ${sec(made.total)} s ${JSON.stringify(made.steps)}`);
    made.deleteMs = await remove(coldHostbay, token);
    result.cold.push(made);
  }
  await stopHostbay(coldHostbay);
  cleanInstance(coldHostbay);

  if (options.json) writeFileSync(options.json, JSON.stringify({ ...result, oddities }, null, 2));
  report(result);
}

async function cleanUp() {
  for (const instance of instances) {
    await stopHostbay(instance);
    cleanInstance(instance);
  }
  rmSync(work, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    say(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });

main()
  .catch((error) => {
    console.error(error);
    if (oddities.length) console.error(`Odd:\n${oddities.join('\n')}`);
    process.exitCode = 1;
  })
  .finally(cleanUp);
