#!/usr/bin/env node
// Backups and snapshots benchmark (issue 15, item 7), with Hostbay's own adapters.
//
// 1. Backups: N hostings' disks (qcow2 overlays of 50 to 100 MiB of their own data on one shared base of
//    about 400 MiB) backed up daily for D simulated days into a restic repository through ResticVault, as
//    Hostbay does it: each night the overlay is copied to a scratch file (`cp --sparse=always`, standing in
//    for the pool's `vol-download --sparse`) and backed up with the base (tags `hostbay`, `hosting:<id>`,
//    time = day N 03:00 UTC), one hosting at a time; then `forget` per hosting (daily=7, weekly=4) and one
//    `prune`. Before each night every overlay changes by 2 to 5 % of its data (new extents, overwrites,
//    4 KiB writes; the rewrites anywhere in its data, or with `--writes clustered` in a hot tenth of it, as a
//    database and logs would). Compared with copying every hosting's flattened disk (base + overlay) each day.
// 2. Snapshots: DiskSnapshots.take / restore on a real libvirt `dir` pool (LibvirtStorage, qemu:///system) for
//    overlays of 50, 200 and 500 MiB, a stopped machine (a hypervisor stand-in that says 'shut off').
//
//   npx tsc -b apps/api && node bench/backups/run.mjs [--hostings 10] [--days 7] [--base-mib 400]
//       [--overlay-mib 50-100] [--change 2-5] [--sizes 50,200,500] [--repeats 3] [--parts backups,snapshots]
//       [--writes scattered|clustered] [--base FILE] [--workdir DIR] [--json out.json]
//
// restic 0.14's `data_added` (BackupSummary.bytesAdded) counts the new blobs before compression; what the
// repository really grew by is its folder's size (`du -sb`), printed beside it.
// Root (the pool is on the system libvirtd). The data is generated: a mix of random bytes (uploads, compressed
// files), word-salad text (standing in for code, HTML, SQL dumps) and single-byte runs. `--base FILE`
// backs the overlays with a copy of a real image instead (e.g. the e2e tier's Debian base.qcow2).
// Everything lives under one temporary folder (on disk: --workdir, default the OS's temp folder) and the pool
// is removed at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'apps/api/dist', p);
const { ResticVault } = await import(dist('adapters/restic/restic-vault.js'));
const { NodeProcessRunner } = await import(dist('adapters/process/process-runner.js'));
const { NodeStreamingProcessRunner } = await import(dist('adapters/process/streaming-process-runner.js'));
const { LibvirtStorage } = await import(dist('adapters/libvirt/libvirt-storage.js'));
const { LibvirtDaemon } = await import(dist('adapters/libvirt/libvirt-daemon.js'));
const { VirshSession } = await import(dist('adapters/libvirt/virsh-session.js'));
const { DiskSnapshots } = await import(dist('modules/vm/disk-snapshots.js'));
const { snapshotVolume, vmVolumes } = await import(dist('modules/vm/vm-names.js'));

const { values: args } = parseArgs({
  options: {
    hostings: { type: 'string', default: '10' },
    days: { type: 'string', default: '7' },
    'base-mib': { type: 'string', default: '400' },
    'overlay-mib': { type: 'string', default: '50-100' },
    change: { type: 'string', default: '2-5' },
    writes: { type: 'string', default: 'scattered' },
    sizes: { type: 'string', default: '50,200,500' },
    repeats: { type: 'string', default: '3' },
    parts: { type: 'string', default: 'backups,snapshots' },
    base: { type: 'string' },
    workdir: { type: 'string', default: os.tmpdir() },
    json: { type: 'string' },
  },
});
const HOSTINGS = Number(args.hostings);
const DAYS = Number(args.days);
const BASE_MIB = Number(args['base-mib']);
const [OVERLAY_MIN, OVERLAY_MAX] = args['overlay-mib'].split('-').map(Number);
const [CHANGE_MIN, CHANGE_MAX] = args.change.split('-').map((p) => Number(p) / 100);
if (!['scattered', 'clustered'].includes(args.writes)) throw new Error('--writes: scattered or clustered');
const CLUSTERED = args.writes === 'clustered';
const SIZES = args.sizes.split(',').map(Number);
const REPEATS = Number(args.repeats);
const PARTS = new Set(args.parts.split(','));
const KEEP = { daily: 7, weekly: 4, monthly: 0 };

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const DISK_BYTES = 4 * GiB;
/** Own extents of an overlay go in 4 MiB slots of the virtual disk (so they never overlap one another). */
const SLOT = 4 * MiB;

const started = Date.now();
const say = (text) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${text}`);
const run = (file, argv) =>
  execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * MiB });
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2));
const allocated = (file) => statSync(file).blocks * 512;
const duBytes = (dir) => Number(run('du', ['-sb', dir]).split('\t')[0]);
const mib = (bytes) => bytes / MiB;
const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);
const rand = (n) => Math.floor(Math.random() * n);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn) {
  const t = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

// ---------------------------------------------------------------------------------------------------------
// Real-ish data

const WORDS = (
  'the of and to in is for on that with as by this be are from at or an it not was have has will can all ' +
  'function return const let var if else while for new null true false this self import export default class ' +
  'div span href src img alt title post page user users id name value type email password created updated ' +
  'select insert update delete where from order group by limit join left inner into values set table index ' +
  'http https www com org net index php html css js json xml png jpg wp content uploads plugins themes admin ' +
  'a about after again against also always another any around because before between both but could day each ' +
  'even first get give good great here how just know last life like little long look make man many may more ' +
  'most much must never now off old only other our out over own people right same see should show since some ' +
  'still such take than them then there these they thing think those through time under very want way well ' +
  'what when where which who why work world would year you your'
).split(' ');
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '\n', '="', '">', '</', '(', ');\n', '_', '-', '/', ' = ', "'"];
const VOCABULARY = Array.from({ length: 256 }, (_, i) =>
  Buffer.from(WORDS[(i * 7) % WORDS.length] + SEPARATORS[(i * 5 + Math.floor(i / 16)) % SEPARATORS.length]),
);

/** Word salad of 256 tokens picked at random: compresses about as text and code do. */
function text(length) {
  const out = Buffer.allocUnsafe(length + 16);
  const picks = randomBytes(Math.ceil(length / 2) + 1);
  let at = 0;
  for (let k = 0; at < length; k += 1) at += VOCABULARY[picks[k]].copy(out, at);
  return out.subarray(0, length);
}

/** `length` bytes in 64 KiB to 1 MiB runs: 45 % random, 45 % text, 10 % a repeated byte. */
function realish(length) {
  const parts = [];
  let left = length;
  while (left > 0) {
    const n = Math.min(left, 64 * KiB * (1 + rand(16)));
    const kind = Math.random();
    if (kind < 0.45) parts.push(randomBytes(n));
    else if (kind < 0.9) parts.push(text(n));
    else parts.push(Buffer.alloc(n, 1 + rand(255)));
    left -= n;
  }
  return Buffer.concat(parts, length);
}

// ---------------------------------------------------------------------------------------------------------
// Images

/** A qcow2 of DISK_BYTES with about `bytes` of data in 1 to 8 MiB extents laid out from the start, gaps between. */
function makeBase(file, bytes, scratch) {
  const raw = path.join(scratch, 'base.raw');
  const fd = openSync(raw, 'w');
  try {
    ftruncateSync(fd, DISK_BYTES);
    let at = 0;
    let written = 0;
    while (written < bytes && at < DISK_BYTES - 8 * MiB) {
      const n = Math.min(bytes - written, 64 * KiB * (16 + rand(113)));
      const data = realish(n);
      for (let done = 0; done < n;) done += writeSync(fd, data, done, n - done, at + done);
      at += n + 64 * KiB * rand(33);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, file]);
  rmSync(raw);
}

/**
 * One hosting's overlay and what it wrote so far (its own extents), so that later days can overwrite them.
 * @typedef {{ id: string, file: string, extents: { offset: number, length: number }[], used: Set<number> }} Overlay
 */

function createOverlay(file, backing) {
  run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', backing, '-F', 'qcow2', file, String(DISK_BYTES)]);
  return { id: randomUUID(), file, extents: [], used: new Set() };
}

/** Writes `writes` ({ offset, length }, real-ish data each) into the image with qemu-io, in batches of 64 MiB. */
function writeInto(image, writes, scratch) {
  const folder = path.join(scratch, 'chunks');
  for (let i = 0; i < writes.length;) {
    mkdirSync(folder, { recursive: true });
    const commands = [];
    let batch = 0;
    for (; i < writes.length && (batch === 0 || batch + writes[i].length <= 64 * MiB); i += 1) {
      const { offset, length } = writes[i];
      const chunk = path.join(folder, String(i));
      writeFileSync(chunk, realish(length));
      commands.push('-c', `write -q -s ${chunk} ${offset} ${length}`);
      batch += length;
    }
    run('qemu-io', ['-f', 'qcow2', ...commands, image]);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** New extents of 256 KiB to 4 MiB (64 KiB multiples), each at the start of a free 4 MiB slot. */
function newExtents(overlay, bytes) {
  const writes = [];
  let left = bytes;
  const slots = DISK_BYTES / SLOT;
  while (left >= 64 * KiB) {
    let slot = rand(slots);
    while (overlay.used.has(slot)) slot = (slot + 1) % slots;
    overlay.used.add(slot);
    const length = Math.min(64 * KiB * (4 + rand(61)), Math.floor(left / (64 * KiB)) * 64 * KiB);
    const extent = { offset: slot * SLOT, length };
    overlay.extents.push(extent);
    writes.push(extent);
    left -= length;
  }
  return writes;
}

/** Overwrites inside the overlay's own extents: `unit`-aligned pieces of `min` to `max` bytes. */
function overwrites(extents, bytes, unit, min, max) {
  const writes = [];
  for (let left = bytes; left > 0;) {
    const extent = extents[rand(extents.length)];
    const length = Math.min(extent.length, unit * (min / unit + rand((max - min) / unit + 1)));
    const offset = extent.offset + unit * rand((extent.length - length) / unit + 1);
    writes.push({ offset, length });
    left -= length;
  }
  return writes;
}

/** The overlay's hot tenth (its database, logs, caches): extents picked at random once, where `clustered` rewrites go. */
function hotExtents(overlay) {
  if (!overlay.hot) {
    const shuffled = [...overlay.extents].sort(() => Math.random() - 0.5);
    const hot = [];
    for (let bytes = 0; bytes < 0.1 * ownBytes(overlay);) {
      const extent = shuffled[hot.length];
      hot.push(extent);
      bytes += extent.length;
    }
    overlay.hot = hot;
  }
  return overlay.hot;
}

const ownBytes = (overlay) => overlay.extents.reduce((sum, e) => sum + e.length, 0);

/**
 * A day of a member's changes: 2 to 5 % of the overlay's data, 40 % new extents, 40 % rewritten in 64 to 512 KiB
 * pieces, 20 % in 4 KiB writes. `scattered`: the rewrites anywhere in the overlay's data; `clustered`: in its hot tenth.
 */
function changeOverlay(overlay, scratch) {
  const budget = ownBytes(overlay) * (CHANGE_MIN + Math.random() * (CHANGE_MAX - CHANGE_MIN));
  const rewritten = CLUSTERED ? hotExtents(overlay) : overlay.extents;
  const writes = [
    ...overwrites(rewritten, 0.4 * budget, 64 * KiB, 64 * KiB, 512 * KiB),
    ...overwrites(rewritten, 0.2 * budget, 4 * KiB, 4 * KiB, 4 * KiB),
    ...newExtents(overlay, 0.4 * budget),
  ];
  writeInto(overlay.file, writes, scratch);
  return writes.reduce((sum, w) => sum + w.length, 0);
}

// ---------------------------------------------------------------------------------------------------------
// 1. Backups

async function benchBackups(work, base) {
  const scratch = path.join(work, 'scratch');
  const repository = path.join(work, 'repository');
  const passwordFile = path.join(work, 'restic-password');
  mkdirSync(scratch, { recursive: true });
  writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const vault = new ResticVault(new NodeProcessRunner(), new NodeStreamingProcessRunner(), {
    repository,
    passwordFile,
  });
  await vault.ensure();
  const baseAllocated = allocated(base);

  say(`making ${HOSTINGS} overlays of ${OVERLAY_MIN} to ${OVERLAY_MAX} MiB`);
  const overlays = [];
  for (let i = 0; i < HOSTINGS; i += 1) {
    const overlay = createOverlay(path.join(work, `overlay-${i}.qcow2`), base);
    const target = OVERLAY_MIN + (HOSTINGS > 1 ? ((OVERLAY_MAX - OVERLAY_MIN) * i) / (HOSTINGS - 1) : 0);
    writeInto(overlay.file, newExtents(overlay, Math.round(target * MiB)), scratch);
    overlays.push(overlay);
  }
  const overlayOwnBytesDay0 = overlays.map(ownBytes);

  const firstDay =
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - DAYS * 86_400_000;
  const days = [];
  let fullCopies = 0;
  let overlayCopies = 0;
  for (let day = 1; day <= DAYS; day += 1) {
    const time = new Date(firstDay + (day - 1) * 86_400_000 + 3 * 3_600_000);
    let changed = 0;
    for (const overlay of overlays) changed += changeOverlay(overlay, scratch);
    say(`day ${day} (${time.toISOString()}): ${f1(mib(changed))} MiB written into the overlays; backing up`);
    const load = loadAverage();
    const hostings = [];
    const roundStart = performance.now();
    for (const overlay of overlays) {
      // As DiskBackup does: the overlay's copy in a scratch folder of the hosting's own, then the copy and the base.
      const folder = path.join(scratch, `backup-${overlay.id}`);
      mkdirSync(folder, { recursive: true });
      const copy = path.join(folder, 'disk.qcow2');
      const copied = await timed(() => run('cp', ['--sparse=always', overlay.file, copy]));
      const overlayBytes = allocated(copy);
      const backup = await timed(() =>
        vault.backup([copy, base], { tags: ['hostbay', `hosting:${overlay.id}`], time }),
      );
      rmSync(folder, { recursive: true, force: true });
      hostings.push({
        copySeconds: copied.seconds,
        backupSeconds: backup.seconds,
        overlayBytes,
        bytesAdded: backup.value.bytesAdded,
        bytesProcessed: backup.value.bytesProcessed,
      });
      fullCopies += baseAllocated + overlayBytes;
      overlayCopies += overlayBytes;
    }
    const roundSeconds = (performance.now() - roundStart) / 1000;
    const forgotten = await timed(async () => {
      let removed = 0;
      for (const overlay of overlays) removed += (await vault.forget([`hosting:${overlay.id}`], KEEP)).removed.length;
      return removed;
    });
    const pruned = await timed(() => vault.prune());
    const storedBytes = await vault.storedBytes();
    const repositoryBytes = duBytes(repository);
    const repositoryGrowthBytes = repositoryBytes - (days.length ? days[days.length - 1].repositoryBytes : 0);
    const row = {
      day,
      time: time.toISOString(),
      loadAverage: load,
      changedBytes: changed,
      roundSeconds,
      copySeconds: hostings.reduce((s, h) => s + h.copySeconds, 0),
      backupSecondsMedian: median(hostings.map((h) => h.backupSeconds)),
      backupSecondsMax: Math.max(...hostings.map((h) => h.backupSeconds)),
      bytesAdded: hostings.reduce((s, h) => s + h.bytesAdded, 0),
      bytesProcessed: hostings.reduce((s, h) => s + h.bytesProcessed, 0),
      forgetSeconds: forgotten.seconds,
      forgotten: forgotten.value,
      pruneSeconds: pruned.seconds,
      repositoryBytes,
      repositoryGrowthBytes,
      storedBytes,
      fullCopiesBytes: fullCopies,
      overlayCopiesBytes: overlayCopies,
      hostings,
    };
    days.push(row);
    say(
      `day ${day}: round ${f1(roundSeconds)} s, added ${f1(mib(row.bytesAdded))} MiB, repository ${f1(mib(repositoryBytes))} MiB` +
        ` (full copies so far ${f1(mib(fullCopies))} MiB), forget ${f1(forgotten.seconds)} s, prune ${f1(pruned.seconds)} s`,
    );
  }

  const snapshots = await vault.list(['hostbay']);
  // What a flattened copy really is, for one hosting on the last day, against base + overlay.
  const flat = path.join(scratch, 'flat.qcow2');
  run('qemu-img', ['convert', '-q', '-O', 'qcow2', overlays[0].file, flat]);
  const flattened = { bytes: allocated(flat), estimate: baseAllocated + allocated(overlays[0].file) };
  rmSync(flat);

  const all = days.flatMap((d) => d.hostings);
  const later = days.slice(1).flatMap((d) => d.hostings);
  const last = days[days.length - 1];
  const gzipRatio = (() => {
    const sample = realish(16 * MiB);
    return gzipSync(sample).length / sample.length;
  })();
  return {
    hostings: HOSTINGS,
    days: DAYS,
    writes: args.writes,
    keep: KEEP,
    baseAllocatedBytes: baseAllocated,
    overlayOwnBytesDay0,
    overlayAllocatedBytesEnd: overlays.map((o) => allocated(o.file)),
    sampleGzipRatio: gzipRatio,
    snapshotsKept: snapshots.length,
    flattened,
    perDay: days,
    totals: {
      repositoryBytes: last.repositoryBytes,
      storedBytes: last.storedBytes,
      fullCopiesBytes: last.fullCopiesBytes,
      overlayCopiesBytes: last.overlayCopiesBytes,
      ratioToFullCopies: last.repositoryBytes / last.fullCopiesBytes,
      ratioToOverlayCopies: last.repositoryBytes / last.overlayCopiesBytes,
      backupSecondsMedian: median(all.map((h) => h.backupSeconds)),
      backupSecondsMax: Math.max(...all.map((h) => h.backupSeconds)),
      laterBackupSecondsMedian: later.length ? median(later.map((h) => h.backupSeconds)) : undefined,
      laterBackupSecondsMax: later.length ? Math.max(...later.map((h) => h.backupSeconds)) : undefined,
      withCopySecondsMedian: median(all.map((h) => h.backupSeconds + h.copySeconds)),
      withCopySecondsMax: Math.max(...all.map((h) => h.backupSeconds + h.copySeconds)),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// 2. Snapshots

async function benchSnapshots(work, base) {
  const runner = new NodeProcessRunner();
  await new LibvirtDaemon(runner, 'qemu:///system').ensureRunning();
  const session = new VirshSession({ uri: 'qemu:///system' });
  const storage = new LibvirtStorage(session, {
    pool: `hostbay-bench-${randomBytes(5).toString('hex')}`,
    defaultDir: path.join(work, 'pool', 'volumes'),
  });
  // Where the time of a copy goes: the pool's own methods, timed (copyVolume calls them on the instance).
  const phases = { download: 0, import: 0 };
  for (const method of ['downloadVolume', 'importVolume']) {
    const original = storage[method].bind(storage);
    storage[method] = async (...argv) => {
      const t = performance.now();
      try {
        return await original(...argv);
      } finally {
        phases[method === 'downloadVolume' ? 'download' : 'import'] += (performance.now() - t) / 1000;
      }
    };
  }
  const hypervisor = { domainState: async () => 'shut off', removeManagedSave: async () => undefined };
  const snapshots = new DiskSnapshots({ hypervisor, storage });
  const scratch = path.join(work, 'scratch');
  mkdirSync(scratch, { recursive: true });
  const rows = [];
  await storage.ensurePool();
  try {
    const baseVolume = `hb-base-${randomBytes(8).toString('hex')}.qcow2`;
    await storage.importVolume(baseVolume, base);
    const basePath = await storage.volumePath(baseVolume);
    for (const size of SIZES) {
      const hostingId = randomUUID();
      const disk = vmVolumes(hostingId).disk;
      const local = createOverlay(path.join(scratch, 'overlay.qcow2'), basePath);
      writeInto(local.file, newExtents(local, size * MiB), scratch);
      await storage.importVolume(disk, local.file);
      rmSync(local.file);
      const diskInfo = await storage.volumeInfo(disk);
      // The floor: a plain sparse copy of the volume's file on the same disk.
      const plainCopy = path.join(scratch, 'plain-copy.qcow2');
      const diskPath = await storage.volumePath(disk);
      const plain = await timed(() => run('cp', ['--sparse=always', diskPath, plainCopy]));
      rmSync(plainCopy);
      say(`snapshots of a ${size} MiB overlay (${f1(mib(diskInfo.allocationBytes))} MiB allocated)`);
      const ids = [];
      const take = [];
      const sizes = [];
      const takePhases = [];
      for (let r = 0; r < REPEATS; r += 1) {
        const id = randomUUID();
        ids.push(id);
        phases.download = 0;
        phases.import = 0;
        const taken = await timed(() => snapshots.take(hostingId, id));
        take.push(taken.seconds);
        sizes.push(taken.value.sizeBytes);
        takePhases.push({ ...phases });
      }
      const restore = [];
      const restorePhases = [];
      for (const id of ids) {
        phases.download = 0;
        phases.import = 0;
        restore.push((await timed(() => snapshots.restore(hostingId, id, DISK_BYTES / GiB))).seconds);
        restorePhases.push({ ...phases });
      }
      const restored = await storage.volumeInfo(disk);
      for (const id of ids) await storage.deleteVolume(snapshotVolume(hostingId, id));
      await storage.deleteVolume(disk);
      const row = {
        dataMiB: size,
        diskAllocatedBytes: diskInfo.allocationBytes,
        restoredAllocatedBytes: restored?.allocationBytes,
        plainCopySeconds: plain.seconds,
        takeSeconds: take,
        restoreSeconds: restore,
        takeMedian: median(take),
        restoreMedian: median(restore),
        takeDownloadMedian: median(takePhases.map((p) => p.download)),
        takeImportMedian: median(takePhases.map((p) => p.import)),
        restoreDownloadMedian: median(restorePhases.map((p) => p.download)),
        restoreImportMedian: median(restorePhases.map((p) => p.import)),
        snapshotBytes: median(sizes),
      };
      rows.push(row);
      say(
        `  take ${f2(row.takeMedian)} s, restore ${f2(row.restoreMedian)} s, snapshot ${f1(mib(row.snapshotBytes))} MiB`,
      );
    }
    await storage.deleteVolume(baseVolume);
  } finally {
    await storage.removePool();
    await session.close();
  }
  return { repeats: REPEATS, rows };
}

// ---------------------------------------------------------------------------------------------------------

function versions() {
  const first = (text) => text.split('\n')[0].trim();
  let commit = 'unknown';
  try {
    commit = run('git', ['-C', root, 'rev-parse', '--short', 'HEAD']).trim();
    if (run('git', ['-C', root, 'status', '--porcelain', '--', 'apps']).trim())
      commit += ' (+ uncommitted changes in apps/)';
  } catch {
    // not a checkout
  }
  return {
    node: process.version,
    cores: os.cpus().length,
    restic: first(run('restic', ['version'])),
    qemuImg: first(run('qemu-img', ['--version'])),
    virsh: run('virsh', ['--version']).trim(),
    commit,
  };
}

function printBackups(b) {
  console.log(
    `\nBackups (${b.writes} rewrites): ${b.hostings} hostings, ${b.days} days, base ${f1(mib(b.baseAllocatedBytes))} MiB allocated`,
  );
  console.log(
    '| day | written into overlays MiB | round s (copy s) | restic per hosting s (median / max) | restic data_added MiB | repository growth MiB | repository MiB (du / stats) | full copies MiB | overlay copies MiB | forget s | prune s |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const d of b.perDay) {
    console.log(
      `| ${d.day} | ${f1(mib(d.changedBytes))} | ${f1(d.roundSeconds)} (${f1(d.copySeconds)}) | ${f2(d.backupSecondsMedian)} / ${f2(d.backupSecondsMax)} | ` +
        `${f1(mib(d.bytesAdded))} | ${f1(mib(d.repositoryGrowthBytes))} | ${f1(mib(d.repositoryBytes))} / ${f1(mib(d.storedBytes))} | ${f1(mib(d.fullCopiesBytes))} | ` +
        `${f1(mib(d.overlayCopiesBytes))} | ${f1(d.forgetSeconds)} | ${f1(d.pruneSeconds)} |`,
    );
  }
  const t = b.totals;
  console.log(
    `\nAfter ${b.days} days: repository ${f1(mib(t.repositoryBytes))} MiB vs full copies ${f1(mib(t.fullCopiesBytes))} MiB ` +
      `(ratio ${t.ratioToFullCopies.toFixed(3)}, ${(1 / t.ratioToFullCopies).toFixed(1)}x smaller); vs overlay copies ` +
      `${f1(mib(t.overlayCopiesBytes))} MiB (ratio ${t.ratioToOverlayCopies.toFixed(3)}). Per-hosting restic backup: median ` +
      `${f2(t.backupSecondsMedian)} s, max ${f2(t.backupSecondsMax)} s (days 2+: ${f2(t.laterBackupSecondsMedian ?? 0)} / ` +
      `${f2(t.laterBackupSecondsMax ?? 0)} s); with the overlay's copy ${f2(t.withCopySecondsMedian)} / ${f2(t.withCopySecondsMax)} s.`,
  );
  console.log(
    `Flattened disk of one hosting: ${f1(mib(b.flattened.bytes))} MiB (base + overlay estimate ${f1(mib(b.flattened.estimate))} MiB). ` +
      `Snapshots kept: ${b.snapshotsKept}. gzip -6 ratio of the generated data: ${b.sampleGzipRatio.toFixed(2)}.`,
  );
}

function printSnapshots(s) {
  console.log(`\nSnapshots (stopped machine, ${s.repeats} runs each; median seconds)`);
  console.log(
    '| overlay data MiB | disk allocated MiB | take s (download / import) | restore s (download / import) | snapshot MiB | plain cp s |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of s.rows) {
    console.log(
      `| ${r.dataMiB} | ${f1(mib(r.diskAllocatedBytes))} | ${f2(r.takeMedian)} (${f2(r.takeDownloadMedian)} / ${f2(r.takeImportMedian)}) | ` +
        `${f2(r.restoreMedian)} (${f2(r.restoreDownloadMedian)} / ${f2(r.restoreImportMedian)}) | ${f1(mib(r.snapshotBytes))} | ${f2(r.plainCopySeconds)} |`,
    );
  }
}

const work = mkdtempSync(path.join(args.workdir, 'hostbay-bench-backups-'));
const result = { startedAt: new Date().toISOString(), loadAverageBefore: loadAverage(), versions: versions() };
try {
  const base = path.join(work, 'base.qcow2');
  if (args.base) {
    say(`copying ${args.base} as the base`);
    run('cp', ['--sparse=always', args.base, base]);
  } else {
    say(`making a base of ${BASE_MIB} MiB`);
    makeBase(base, BASE_MIB * MiB, work);
  }
  result.base = { source: args.base ?? `generated, ${BASE_MIB} MiB`, allocatedBytes: allocated(base) };
  if (PARTS.has('backups')) {
    result.backups = await benchBackups(work, base);
    printBackups(result.backups);
  }
  if (PARTS.has('snapshots')) {
    result.snapshots = await benchSnapshots(work, base);
    printSnapshots(result.snapshots);
  }
  result.loadAverageAfter = loadAverage();
  result.seconds = (Date.now() - started) / 1000;
  console.log(`\n${JSON.stringify(result.versions)}; load ${result.loadAverageBefore} → ${result.loadAverageAfter}`);
  if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
