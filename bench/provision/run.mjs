// bench/provision: time from POST /hosting to RUNNING, per step, against a plain script that
// defines and boots the same base image with virsh and waits for HTTP 200 — in the same run.
// Usage: npm run build && node bench/provision/run.mjs   (root; boots two VMs: ~5-8 minutes under TCG)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMAGE_DIR = process.env.HOSTBAY_IMAGE_DIR ?? '/var/tmp/hostbay-e2e-images';
const BASE = 47000;
const LIMIT_MS = 20 * 60_000;
const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), 'hostbay-bench-provision-'));
/** @type {import('node:child_process').ChildProcess | undefined} */
let hostbay;
const cleanups = [];

const run = (file, args, input) =>
  execFileSync(file, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
const overTime = () => Date.now() - started > LIMIT_MS;

/** GET through 127.0.0.1 with a Host header (Node cannot resolve *.localhost). */
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

async function api(method, route, token, body) {
  const res = await fetch(`http://127.0.0.1:${BASE}/api/v1${route}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

async function startHostbay() {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOSTBAY_DATA_DIR: path.join(work, 'data'),
    HOSTBAY_IMAGE_DIR: IMAGE_DIR,
    HOSTBAY_HOST: '127.0.0.1',
    HOSTBAY_PORT: String(BASE),
    HOSTBAY_API_PORT: String(BASE + 1),
    HOSTBAY_SSH_PORTS: `${BASE + 10}-${BASE + 19}`,
    HOSTBAY_VM_WEB_PORTS: `${BASE + 20}-${BASE + 29}`,
    HOSTBAY_VM_SSH_PORTS: `${BASE + 30}-${BASE + 39}`,
    HOSTBAY_LOG_LEVEL: 'warn',
  };
  hostbay = spawn(process.execPath, [path.join(ROOT, 'apps/api/dist/cli/main.js'), 'up'], { env, stdio: 'inherit' });
  while (!overTime()) {
    if ((await status(BASE, 'localhost').catch(() => 0)) === 200) return;
    await sleep(500);
  }
  throw new Error('Hostbay did not start');
}

/** Hostbay: POST → RUNNING, with each stored step's duration. */
async function measureHostbay(publicKey) {
  const email = 'bench@example.org';
  const password = 'a bench password';
  await api('POST', '/auth/register', null, { email, username: 'bench', password });
  const token = (await api('POST', '/auth/login', null, { email, password })).body.data.access_token;
  const t0 = performance.now();
  const created = await api('POST', '/hosting', token, { ssh_public_key: publicKey });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  let hosting;
  while (!overTime()) {
    hosting = (await api('GET', '/hosting/my', token)).body.data;
    if (hosting?.status === 'RUNNING' || hosting?.status === 'ERROR') break;
    await sleep(200);
  }
  const total = performance.now() - t0;
  if (hosting?.status !== 'RUNNING')
    throw new Error(`hosting ended ${hosting?.status}: ${JSON.stringify(hosting?.error)}`);
  const steps = hosting.steps.map((s) => ({ name: s.name, ms: Date.parse(s.finished_at) - Date.parse(s.started_at) }));
  await api('DELETE', '/hosting/my', token);
  while ((await api('GET', '/hosting/my', token)).status !== 404 && !overTime()) await sleep(500);
  return { total, steps };
}

/** The plain script: what a person would do with qemu-img, genisoimage and virsh. */
async function measurePlain(publicKey) {
  const image = JSON.parse(readFileSync(path.join(IMAGE_DIR, 'current.json'), 'utf8'));
  const dir = path.join(IMAGE_DIR, image.id);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const vm = path.join(work, 'plain');
  mkdirSync(path.join(vm, 'seed'), { recursive: true });
  const webPort = BASE + 50;
  const mac = '52:54:00:be:0c:01';
  const t0 = performance.now();
  run('qemu-img', [
    'create',
    '-q',
    '-f',
    'qcow2',
    '-F',
    'qcow2',
    '-b',
    path.join(dir, 'base.qcow2'),
    path.join(vm, 'disk.qcow2'),
    '10G',
  ]);
  writeFileSync(
    path.join(vm, 'seed/user-data'),
    `#cloud-config\nhostname: plain\nusers:\n  - name: plain\n    ssh_authorized_keys: ["${publicKey}"]\nwrite_files:\n  - path: /var/www/html/index.html\n    content: "<h1>Welcome, plain!</h1>"\n`,
  );
  writeFileSync(path.join(vm, 'seed/meta-data'), 'instance-id: plain-1\nlocal-hostname: plain\n');
  writeFileSync(
    path.join(vm, 'seed/network-config'),
    `version: 1\nconfig:\n  - type: physical\n    name: eth0\n    mac_address: "${mac}"\n    subnets: [{type: dhcp}]\n`,
  );
  run('genisoimage', [
    '-quiet',
    '-output',
    path.join(vm, 'seed.iso'),
    '-volid',
    'cidata',
    '-joliet',
    '-rock',
    path.join(vm, 'seed'),
  ]);
  const xml = `<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>bench-plain</name><memory unit='MiB'>512</memory><vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>${path.join(dir, 'vmlinuz')}</kernel><initrd>${path.join(dir, 'initrd.img')}</initrd><cmdline>${manifest.cmdline}</cmdline></os>
  <features><acpi/><apic/></features>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${path.join(vm, 'disk.qcow2')}'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${path.join(vm, 'seed.iso')}'/><target dev='vdb' bus='virtio'/><readonly/></disk>
    <serial type='null'/><rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-netdev'/><qemu:arg value='user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${webPort}-:80'/>
    <qemu:arg value='-device'/><qemu:arg value='virtio-net-pci,netdev=n0,mac=${mac},bus=pci.0,addr=0x1f'/>
  </qemu:commandline>
</domain>`;
  writeFileSync(path.join(vm, 'domain.xml'), xml);
  cleanups.push(() => {
    for (const args of [
      ['destroy', 'bench-plain'],
      ['undefine', 'bench-plain'],
    ]) {
      try {
        run('virsh', ['-c', 'qemu:///system', ...args]);
      } catch {
        // Already gone.
      }
    }
  });
  run('virsh', ['-c', 'qemu:///system', 'define', path.join(vm, 'domain.xml')]);
  run('virsh', ['-c', 'qemu:///system', 'start', 'bench-plain']);
  while ((await status(webPort, '127.0.0.1')) !== 200) {
    if (overTime()) throw new Error('the plain VM never answered');
    await sleep(200);
  }
  const total = performance.now() - t0;
  cleanups.pop()();
  return { total };
}

async function main() {
  const keyFile = path.join(work, 'key');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  const publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  await startHostbay();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const plain = await measurePlain(publicKey);
  const hb = await measureHostbay(publicKey);
  const guest = hb.steps.find((s) => s.name === 'wait_guest')?.ms ?? 0;
  const platform = hb.steps.reduce((sum, s) => sum + s.ms, 0) - guest;
  const lines = [
    `Run ${new Date().toISOString()}, Node ${process.version}, load average before ${load}`,
    '',
    '| step | ms |',
    '| --- | ---: |',
    ...hb.steps.map((s) => `| ${s.name} | ${s.ms} |`),
    '',
    `| measure | seconds |`,
    '| --- | ---: |',
    `| Hostbay, POST to RUNNING | ${(hb.total / 1000).toFixed(1)} |`,
    `| plain virsh script, start to HTTP 200 | ${(plain.total / 1000).toFixed(1)} |`,
    `| Hostbay / plain | ${(hb.total / plain.total).toFixed(2)} (target <= 1.10) |`,
    `| platform steps (all but wait_guest) | ${(platform / 1000).toFixed(2)} (target < 1.5) |`,
  ];
  console.log(lines.join('\n'));
}

async function cleanUp() {
  for (const undo of cleanups.splice(0)) undo();
  if (hostbay && hostbay.exitCode === null) {
    hostbay.kill('SIGINT');
    await new Promise((resolve) => hostbay?.once('exit', resolve));
  }
  rmSync(work, { recursive: true, force: true });
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
