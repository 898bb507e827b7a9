#!/usr/bin/env node
// Dashboard delivery benchmark (issue 17, part 1): Lighthouse 12 (mobile preset, its default: simulated
// slow 4G and a 4x slower CPU) on /login, /register, the dashboard (/) and the hosting page (/hosting),
// served by a real `hostbay serve` from the built dashboard (apps/web/dist), exactly as members get it.
//
//   npm run build && npm run build -w @hostbay/web
//   npm install --prefix bench/lighthouse    (Lighthouse stays out of the workspace CI installs)
//   CHROME_PATH=/usr/bin/chromium node bench/lighthouse/run.mjs [--json out.json]
//
// The API runs on 127.0.0.1 with libvirt's test driver (test:///default) and no edge; the member's
// hosting is created for real but its stand-in machine never boots, so /hosting shows it in CREATING.
// Signed-in pages: the dashboard keeps its session in localStorage, so the member signs in once in a
// Chromium profile (playwright-core) and Lighthouse runs in that profile with --disable-storage-reset.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'apps/api/dist/cli/main.js');
const LIGHTHOUSE = path.join(import.meta.dirname, 'node_modules/lighthouse/cli/index.js');
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const MEMBER = { email: 'bench@example.org', username: 'lighthouse', password: 'a long bench password 17' };

const { values: args } = parseArgs({ options: { json: { type: 'string' } } });
for (const [file, hint] of [
  [CLI, 'build the API (npm run build)'],
  [path.join(ROOT, 'apps/web/dist/index.html.br'), 'build the dashboard (npm run build -w @hostbay/web)'],
  [LIGHTHOUSE, 'npm install --prefix bench/lighthouse'],
  [CHROME_PATH, 'install Chromium or set CHROME_PATH'],
]) {
  if (!existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

async function api(base, method, urlPath, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${urlPath}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-bench-lighthouse-'));
const port = await freePort();
const image = path.join(dataDir, 'stand-in.qcow2');
execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', image, '1G']);
const server = spawn(process.execPath, [CLI, 'serve'], {
  cwd: ROOT,
  env: {
    ...process.env,
    HOSTBAY_PORT: String(port),
    HOSTBAY_HOST: '127.0.0.1',
    HOSTBAY_DATA_DIR: dataDir,
    HOSTBAY_LOG_LEVEL: 'warn',
    HOSTBAY_EDGE: 'off',
    HOSTBAY_LIBVIRT_URI: 'test:///default',
    HOSTBAY_VIRT_TYPE: 'qemu',
    HOSTBAY_IMAGE: image,
    HOSTBAY_VM_READY_TIMEOUT: '30m',
    HOSTBAY_VM_WEB_PORTS: '25000-25009',
    HOSTBAY_VM_SSH_PORTS: '25100-25109',
    HOSTBAY_SSH_PORTS: '25200-25209',
    HOSTBAY_SSH_LISTEN_HOST: '127.0.0.1',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
const results = [];
let lighthouseVersion = '';
try {
  for (let waited = 0; ; waited += 200) {
    if (server.exitCode !== null) throw new Error(`hostbay serve exited with ${server.exitCode}`);
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (waited > 30_000) throw new Error('hostbay serve did not answer /api/health within 30 s');
    await new Promise((wait) => setTimeout(wait, 200));
  }

  await api(base, 'POST', '/api/v1/auth/register', MEMBER);
  const { data: session } = await api(base, 'POST', '/api/v1/auth/login', {
    email: MEMBER.email,
    password: MEMBER.password,
  });
  let hostingNote = 'with a hosting (CREATING: the stand-in machine never boots)';
  try {
    await api(base, 'POST', '/api/v1/hosting', {}, session.access_token);
  } catch (error) {
    hostingNote = `without a hosting (${String(error).slice(0, 160)})`;
  }

  // Each page loads cold, in a profile of its own: an empty one for the guest pages, a copy of a signed-in
  // one for the rest (its localStorage holds the session; its HTTP cache is emptied after signing in).
  const memberProfile = path.join(dataDir, 'profile-member');
  const context = await chromium.launchPersistentContext(memberProfile, {
    executablePath: CHROME_PATH,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel(/email/i).fill(MEMBER.email);
  await page.getByLabel(/password/i).fill(MEMBER.password);
  await page.getByRole('button', { name: /log in|sign in/i }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
  await context.close();

  const pages = [
    { name: '/login', signedIn: false },
    { name: '/register', signedIn: false },
    { name: '/', signedIn: true },
    { name: '/hosting', signedIn: true },
  ];
  for (const { name, signedIn } of pages) {
    const profile = path.join(dataDir, `profile-${results.length}`);
    if (signedIn) await cp(memberProfile, profile, { recursive: true });
    const out = path.join(dataDir, `report-${results.length}.json`);
    execFileSync(
      process.execPath,
      [
        LIGHTHOUSE,
        `${base}${name}`,
        '--quiet',
        '--output=json',
        `--output-path=${out}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        '--disable-storage-reset',
        `--chrome-flags=${[...CHROME_FLAGS, `--user-data-dir=${profile}`].join(' ')}`,
      ],
      { env: { ...process.env, CHROME_PATH }, stdio: 'inherit' },
    );
    const report = JSON.parse(readFileSync(out, 'utf8'));
    lighthouseVersion = report.lighthouseVersion;
    const score = (id) => Math.round(report.categories[id].score * 100);
    const audit = (id) => report.audits[id]?.numericValue;
    const transferred = report.audits['network-requests'].details.items
      .filter((item) => item.resourceType === 'Script' || item.resourceType === 'Stylesheet')
      .reduce((sum, item) => sum + item.transferSize, 0);
    results.push({
      page: name,
      finalUrl: report.finalDisplayedUrl,
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      fcpMs: Math.round(audit('first-contentful-paint')),
      lcpMs: Math.round(audit('largest-contentful-paint')),
      tbtMs: Math.round(audit('total-blocking-time')),
      scriptAndCssTransferredKb: Math.round(transferred / 100) / 10,
      failing: Object.values(report.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
        .map((a) => (a.id === 'errors-in-console' ? `${a.id} (${JSON.stringify(a.details?.items)})` : a.id)),
    });
  }
  console.log(`Lighthouse ${results[0] ? lighthouseVersion : ''}, member ${hostingNote}, ${new Date().toISOString()}`);
  console.table(results.map(({ failing: _failing, ...row }) => row));
  for (const { page: name, failing } of results) if (failing.length) console.log(`${name} failing: ${failing}`);
  if (args.json) await writeFile(args.json, JSON.stringify({ hostingNote, results }, null, 2));
} finally {
  server.kill('SIGTERM');
  await new Promise((done) => (server.exitCode !== null ? done() : server.once('exit', done)));
  await rm(dataDir, { recursive: true, force: true });
}
