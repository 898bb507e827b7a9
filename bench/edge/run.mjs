#!/usr/bin/env node
// Edge benchmark: time from a change to the new site answering, and nginx memory,
// at 100, 1,000 and 10,000 hostings, for Hostbay's edge (one `server`, a `map $host`)
// and for the baseline (one `server` block per site), in the same run.
//
//   npx tsc -b apps/api && node bench/edge/run.mjs [--sizes 100,1000,10000] [--changes 10] [--json out.json]
//       [--variants direct,stream,baseline]
//
// `direct` is the default setup (user networking: QEMU forwards SSH itself, the edge routes web only);
// `stream` adds one nginx `stream` server per hosting for SSH (the bridge-mode setup);
// `tls` is `direct` with HOSTBAY_TLS on: every site has its own certificate (from a private CA made
// here), a file nginx finds by the handshake's name; a change adds a site and its certificate and is
// timed until the new name answers over HTTPS with its own certificate.
//
// Everything listens on 127.0.0.1; the sites that fill the table point at 127.0.0.2, where
// nothing listens (they are never requested). Only the sites added during the timed changes
// have a real backend.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'apps/api/dist', p);
const { composeProxyService } = await import(dist('composition/compose-edge.js'));
const { readEdgeConfig } = await import(dist('config/edge.js'));
const { NodeProcessRunner } = await import(dist('adapters/process/process-runner.js'));
const { FsCertificateFiles } = await import(dist('adapters/tls/certificate-files.js'));
const { SystemAccounts } = await import(dist('adapters/accounts/system-accounts.js'));
const x509 = await import('@peculiar/x509');

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    changes: { type: 'string', default: '10' },
    'baseline-changes': { type: 'string', default: '3' },
    workers: { type: 'string', default: 'auto' },
    variants: { type: 'string', default: 'direct,stream,tls,baseline' },
    json: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const changes = Number(args.changes);
const baselineChanges = Number(args['baseline-changes']);
const EDGE_PORT = 18480;
const API_PORT = 18481;
const TLS_PORT = 18482;
const SSH_BASE = 20000;

/** Free ports from SSH_BASE up (below the ephemeral range), skipping any another program holds. */
const sshPorts = [];
async function reserveSshPorts(count) {
  let port = sshPorts.length ? sshPorts[sshPorts.length - 1] + 1 : SSH_BASE;
  while (sshPorts.length < count) {
    const free = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) sshPorts.push(port);
    port += 1;
  }
}

function fillRoute(i) {
  return {
    username: `u${String(i).padStart(6, '0')}`,
    webTarget: { host: '127.0.0.2', port: 10000 + (i % 50000) },
    sshListenPort: sshPorts[i],
    sshTarget: { host: '127.0.0.2', port: 22 },
  };
}

function get(port, host) {
  return new Promise((resolve) => {
    const request = http.get(
      { host: '127.0.0.1', port, headers: { Host: host }, agent: false, timeout: 2000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (c) => (body += c));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ status: 0, body: '' }));
  });
}

async function waitForAnswer(port, host, body, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await get(port, host);
    if (answer.status === 200 && answer.body === body) return;
    if (Date.now() > deadline) throw new Error(`${host} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function startBackend(name) {
  const server = http.createServer((_, res) => res.end(name));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

/** PSS (shared pages split fairly) and RSS of an nginx master and its live workers, in MiB. */
async function nginxMemory(pidFile) {
  const master = Number((await readFile(pidFile, 'utf8')).trim());
  const pids = [master];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  let pss = 0;
  let rss = 0;
  for (const pid of pids) {
    const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    pss += Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    rss += Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
  }
  return { processes: pids.length, pssMiB: pss / 1024, rssMiB: rss / 1024 };
}

/** Waits until old workers (from earlier reloads) have exited, so memory is the steady state. */
async function settle(pidFile, expectedWorkers) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const m = await nginxMemory(pidFile);
    if (m.processes <= expectedWorkers + 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: pick(0.5), p90: pick(0.9), max: sorted[sorted.length - 1] };
}

function nginxTestMs(prefix, conf) {
  const t = performance.now();
  const r = spawnSync('nginx', ['-t', '-q', '-p', `${prefix}/`, '-c', conf]);
  if (r.status !== 0) throw new Error(`nginx -t failed: ${r.stderr}`);
  return performance.now() - t;
}

const workerCount = args.workers === 'auto' ? os.cpus().length : Number(args.workers);

/** `sshForward`: 'direct' (user mode's default: QEMU forwards SSH, the edge only routes web) or 'stream'. */
async function benchHostbay(n, sshForward) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hb-bench-'));
  const edge = readEdgeConfig(
    {
      HOSTBAY_EDGE: 'own',
      HOSTBAY_API_PORT: String(API_PORT),
      HOSTBAY_SSH_FORWARD: sshForward,
      HOSTBAY_SSH_LISTEN_HOST: '127.0.0.1',
      HOSTBAY_EDGE_WORKERS: args.workers,
      HOSTBAY_EDGE_SHUTDOWN_TIMEOUT: '10s',
    },
    'user',
  );
  const service = await composeProxyService(
    { edge, publicPort: EDGE_PORT, publicHost: '127.0.0.1', dataDir, baseDomain: 'localhost', apiBodyLimit: 65536 },
    new NodeProcessRunner(),
    { superviseIntervalMs: 0 },
  );
  const backends = [];
  try {
    await service.start();
    await service.syncRoutes(Array.from({ length: n }, (_, i) => fillRoute(i)));
    const prefix = path.join(dataDir, 'edge/prefix');
    const testMs = nginxTestMs(prefix, path.join(dataDir, 'edge/conf/current/nginx.conf'));
    const answered = [];
    const resolved = [];
    const phases = [];
    for (let k = 0; k < changes; k += 1) {
      const name = `new${String(k).padStart(4, '0')}`;
      const backend = await startBackend(name);
      backends.push(backend);
      const route = {
        username: name,
        webTarget: { host: '127.0.0.1', port: backend.port },
        sshListenPort: sshPorts[n + k],
        sshTarget: { host: '127.0.0.1', port: 22 },
      };
      const t0 = performance.now();
      const done = service.addProxyRule(route).then(() => performance.now() - t0);
      await waitForAnswer(EDGE_PORT, `${name}.localhost`, name);
      answered.push(performance.now() - t0);
      resolved.push(await done);
      phases.push((await service.status()).lastApply);
    }
    await settle(path.join(prefix, 'nginx.pid'), workerCount);
    const memory = await nginxMemory(path.join(prefix, 'nginx.pid'));
    const phase = (key) => stats(phases.map((p) => p[key])).median;
    const breakdown = {
      rendered: phase('rendered'),
      staged: phase('staged'),
      validated: phase('validated'),
      serving: phase('serving'),
      done: phase('done'),
    };
    return { n, answered: stats(answered), resolved: stats(resolved), nginxTestMs: testMs, memory, breakdown };
  } finally {
    await service.stop();
    for (const b of backends) await b.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A private CA signing one P-256 leaf key's certificates: thousands in seconds, like test-certificates.ts. */
async function privateCa() {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const crypto = x509.cryptoProvider.get();
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const leafKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=Hostbay bench CA',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 30 * 86_400_000),
      keys: caKeys,
      signingAlgorithm: algorithm,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    },
    crypto,
  );
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${der.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
  let serial = 1;
  return {
    caPem: ca.toString('pem'),
    async issue(name) {
      serial += 1;
      const leaf = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial.toString(16).padStart(6, '0'),
          subject: `CN=${name}`,
          issuer: ca.subject,
          notBefore: new Date(now - 3_600_000),
          notAfter: new Date(now + 20 * 86_400_000),
          publicKey: leafKeys.publicKey,
          signingKey: caKeys.privateKey,
          signingAlgorithm: algorithm,
          extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }])],
        },
        crypto,
      );
      return { chainPem: leaf.toString('pem'), keyPem, notAfter: new Date(now + 20 * 86_400_000) };
    },
  };
}

/** GET over HTTPS with SNI = host, trusting only `ca`; resolves with the status, body, served CN and resumption. */
function getTls(host, ca) {
  return new Promise((resolve) => {
    const request = https.get(
      { host: '127.0.0.1', port: TLS_PORT, servername: host, headers: { Host: host }, ca, agent: false, timeout: 2000 },
      (response) => {
        const cn = response.socket.getPeerCertificate().subject?.CN;
        const resumed = response.socket.isSessionReused();
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (c) => (body += c));
        response.on('end', () => resolve({ status: response.statusCode, body, cn, resumed }));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ status: 0, body: '', cn: undefined }));
  });
}

async function waitForTlsAnswer(host, body, ca, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await getTls(host, ca);
    if (answer.status === 200 && answer.body === body && answer.cn === host) return;
    if (Date.now() > deadline) throw new Error(`${host} did not answer over HTTPS within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The `direct` setup with HTTPS: n sites, each with its own certificate in the map. */
async function benchTls(n) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hb-bench-tls-'));
  const runner = new NodeProcessRunner();
  const edge = readEdgeConfig(
    {
      HOSTBAY_EDGE: 'own',
      HOSTBAY_API_PORT: String(API_PORT),
      HOSTBAY_SSH_FORWARD: 'direct',
      HOSTBAY_EDGE_WORKERS: args.workers,
      HOSTBAY_EDGE_SHUTDOWN_TIMEOUT: '10s',
    },
    'user',
  );
  // As compose-tls.ts arranges it: run as root, nginx's workers (www-data) read the keys by group.
  const accounts = new SystemAccounts(runner);
  const asRoot = process.getuid?.() === 0;
  const files = new FsCertificateFiles(
    path.join(dataDir, 'tls'),
    asRoot ? await accounts.groupOf('www-data') : undefined,
  );
  await files.init();
  if (asRoot) await accounts.allowTraverse('www-data', files.dir);
  const ca = await privateCa();
  const service = await composeProxyService(
    {
      edge,
      publicPort: EDGE_PORT,
      publicHost: '127.0.0.1',
      dataDir,
      baseDomain: 'localhost',
      apiBodyLimit: 65536,
      tls: {
        port: TLS_PORT,
        certificateDir: files.servedDir,
        challengeDir: files.challengeDir,
        hstsMaxAgeSeconds: 31_536_000,
      },
    },
    runner,
    { superviseIntervalMs: 0 },
  );
  const backends = [];
  try {
    await service.start();
    const issueStart = performance.now();
    for (let i = 0; i < n; i += 1) {
      const name = `${fillRoute(i).username}.localhost`;
      await files.write(name, await ca.issue(name));
    }
    const issueMs = performance.now() - issueStart;
    await service.syncRoutes(Array.from({ length: n }, (_, i) => fillRoute(i)));
    const prefix = path.join(dataDir, 'edge/prefix');
    const testMs = nginxTestMs(prefix, path.join(dataDir, 'edge/conf/current/nginx.conf'));
    const answered = [];
    const resolved = [];
    const phases = [];
    for (let k = 0; k < changes; k += 1) {
      const name = `new${String(k).padStart(4, '0')}`;
      const host = `${name}.localhost`;
      const backend = await startBackend(name);
      backends.push(backend);
      const certificate = await ca.issue(host);
      const route = {
        username: name,
        webTarget: { host: '127.0.0.1', port: backend.port },
        sshListenPort: sshPorts[n + k],
        sshTarget: { host: '127.0.0.1', port: 22 },
      };
      const t0 = performance.now();
      // As the keeper and the lifecycle do it: the certificate is a file written (served from then on),
      // the site a route added (one reload).
      const done = Promise.all([files.write(host, certificate), service.addProxyRule(route)]).then(
        () => performance.now() - t0,
      );
      await waitForTlsAnswer(host, name, ca.caPem);
      answered.push(performance.now() - t0);
      resolved.push(await done);
      phases.push((await service.status()).lastApply);
    }
    await settle(path.join(prefix, 'nginx.pid'), workerCount);
    // Handshakes to 500 names across the map (each loads its file), then one full GET at a time.
    const sample = Array.from(
      { length: Math.min(500, n) },
      (_, i) => `${fillRoute(Math.floor((i * n) / Math.min(500, n))).username}.localhost`,
    );
    // The filler sites' backends do not listen (502): what counts is that each handshake served the name's
    // own certificate, verified against the bench's CA; otherwise memory and timings would be of failures.
    // No agent, so no session to resume: every connection is a full handshake (checked).
    const served = (answer, host) => answer.status !== 0 && answer.cn === host && !answer.resumed;
    for (const host of sample) {
      if (!served(await getTls(host, ca.caPem), host)) throw new Error(`${host}: no HTTPS with its own certificate`);
    }
    const handshakes = [];
    for (let i = 0; i < 50; i += 1) {
      const host = sample[(i * 7) % sample.length];
      const t = performance.now();
      const answer = await getTls(host, ca.caPem);
      handshakes.push(performance.now() - t);
      if (!served(answer, host)) throw new Error(`${host}: no HTTPS with its own certificate`);
    }
    const memory = await nginxMemory(path.join(prefix, 'nginx.pid'));
    const phase = (key) => stats(phases.map((p) => p[key])).median;
    const breakdown = {
      rendered: phase('rendered'),
      staged: phase('staged'),
      validated: phase('validated'),
      serving: phase('serving'),
      done: phase('done'),
    };
    return {
      n,
      answered: stats(answered),
      resolved: stats(resolved),
      nginxTestMs: testMs,
      memory,
      breakdown,
      handshakeMs: stats(handshakes),
      certificatesWrittenMs: issueMs,
    };
  } finally {
    await service.stop();
    for (const b of backends) await b.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function baselineConfig(prefix, sites) {
  const servers = sites
    .map(
      (s) =>
        `  server { listen 127.0.0.1:${EDGE_PORT}; server_name ${s.host}; location / { proxy_pass http://${s.target}; } }`,
    )
    .join('\n');
  return `worker_processes ${args.workers};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
worker_shutdown_timeout 10s;
events { worker_connections 4096; }
http {
  access_log off;
  server_names_hash_max_size ${Math.max(1024, 2 ** Math.ceil(Math.log2(sites.length * 2 + 2)))};
  server_names_hash_bucket_size 64;
  client_body_temp_path ${prefix}/tmp/body; proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi; uwsgi_temp_path ${prefix}/tmp/uwsgi; scgi_temp_path ${prefix}/tmp/scgi;
  server { listen 127.0.0.1:${EDGE_PORT} default_server; return 404; }
${servers}
}
`;
}

async function benchBaseline(n) {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'hb-base-'));
  await mkdir(path.join(prefix, 'tmp'), { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  const sites = Array.from({ length: n }, (_, i) => ({
    host: `${fillRoute(i).username}.localhost`,
    target: `127.0.0.2:${fillRoute(i).webTarget.port}`,
  }));
  await writeFile(conf, baselineConfig(prefix, sites));
  const start = spawnSync('nginx', ['-p', `${prefix}/`, '-c', conf]);
  if (start.status !== 0) throw new Error(`baseline nginx did not start: ${start.stderr}`);
  const pidFile = path.join(prefix, 'nginx.pid');
  const backends = [];
  try {
    await new Promise((r) => setTimeout(r, 200));
    const testMs = nginxTestMs(prefix, conf);
    const answered = [];
    for (let k = 0; k < baselineChanges; k += 1) {
      const name = `new${String(k).padStart(4, '0')}`;
      const backend = await startBackend(name);
      backends.push(backend);
      const t0 = performance.now();
      sites.push({ host: `${name}.localhost`, target: `127.0.0.1:${backend.port}` });
      // The same steps as the edge: render, write, nginx -t, reload.
      await writeFile(conf, baselineConfig(prefix, sites));
      if (spawnSync('nginx', ['-t', '-q', '-p', `${prefix}/`, '-c', conf]).status !== 0)
        throw new Error('baseline nginx -t failed');
      process.kill(Number((await readFile(pidFile, 'utf8')).trim()), 'SIGHUP');
      await waitForAnswer(EDGE_PORT, `${name}.localhost`, name);
      answered.push(performance.now() - t0);
    }
    await settle(pidFile, workerCount);
    const memory = await nginxMemory(pidFile);
    return { n, answered: stats(answered), nginxTestMs: testMs, memory };
  } finally {
    const master = Number((await readFile(pidFile, 'utf8')).trim());
    process.kill(master, 'SIGQUIT');
    for (const b of backends) await b.close();
    await new Promise((r) => setTimeout(r, 500));
    await rm(prefix, { recursive: true, force: true });
  }
}

const fmt = (x) => x.toFixed(0);
const results = {
  date: new Date().toISOString(),
  cpus: os.cpus().length,
  workers: args.workers,
  nginx: spawnSync('nginx', ['-v']).stderr.toString().trim(),
  rows: [],
};
console.log(`edge bench: ${results.nginx}, ${results.cpus} cores, worker_processes ${args.workers}`);
console.log(
  'variant                      sites   answer ms (median/p90)   resolved ms (median)   nginx -t ms   nginx PSS MiB (RSS)',
);
await reserveSshPorts(Math.max(...sizes) + changes);
for (const n of sizes) {
  for (const [key, variant, run] of [
    ['direct', 'hostbay map (web only)', () => benchHostbay(n, 'direct')],
    ['stream', 'hostbay map + ssh stream', () => benchHostbay(n, 'stream')],
    ['tls', 'hostbay map + TLS per name', () => benchTls(n)],
    ['baseline', 'baseline server-per-site', () => benchBaseline(n)],
  ]) {
    if (!args.variants.split(',').includes(key)) continue;
    const r = await run();
    results.rows.push({ variant, ...r });
    console.log(
      `${variant.padEnd(28)} ${String(n).padStart(6)}   ${fmt(r.answered.median).padStart(8)} / ${fmt(r.answered.p90).padEnd(8)}      ${r.resolved ? fmt(r.resolved.median).padStart(8) : '       -'}          ${fmt(r.nginxTestMs).padStart(6)}      ${r.memory.pssMiB.toFixed(1)} (${r.memory.rssMiB.toFixed(1)})`,
    );
    if (r.breakdown) console.log(`${''.padEnd(36)}phases (median ms from start): ${JSON.stringify(r.breakdown)}`);
    if (r.handshakeMs) {
      console.log(
        `${''.padEnd(36)}one new TLS connection + GET: median ${r.handshakeMs.median.toFixed(1)} ms, p90 ${r.handshakeMs.p90.toFixed(1)} ms (${n} certificates written in ${(r.certificatesWrittenMs / 1000).toFixed(1)} s)`,
      );
    }
  }
}
if (args.json) await writeFile(args.json, JSON.stringify(results, null, 2));
