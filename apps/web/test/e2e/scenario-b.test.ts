import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Hosting } from '@hostbay/contract/hosting';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ApiSession } from '../../../api/test/e2e/support/api-client';
import { startHostbay, type HostbayProcess } from '../../../api/test/e2e/support/hostbay-process';
import { auditHosting, removeTestInstallation } from '../../../api/test/e2e/support/leak-audit';
import {
  guestProbeScript,
  makeSshKey,
  parseGuestProbe,
  portRefuses,
  removeSshKey,
  sshRun,
  visit,
  type SshKey,
} from '../../../api/test/e2e/support/reach';
import { NetnsLab } from '../../../api/test/support/netns-lab';
import { story } from './scenario-support';

const exec = promisify(execFile);
const VM_MINUTES = 10;
/**
 * Guests may open connections out: what members need to install packages, and what must not reach the host.
 * Every hosting boots (no template): this scenario is the cold path's, killed while both machines boot
 * (instant-hostings.test.ts kills Hostbay in the template path's steps).
 */
const OUTBOUND = { HOSTBAY_VM_OUTBOUND: 'on', HOSTBAY_TEMPLATES: 'off' };
/** The outside, for the guests: an address in a namespace this test makes (a documentation range). */
const OUTSIDE = { address: '198.51.100.2', port: 8080 };
/** The host's own end of that link: an address of the host that is not loopback. */
const HOST_SIDE = { address: '198.51.100.1', port: 8081 };

interface Person {
  username: string;
  key: SshKey;
  api: ApiSession;
  hosting: Hosting;
}

let hostbay: HostbayProcess | undefined;
let dataDir: string;
let port: number;
const startedAt = Date.now();
const stamp = Date.now().toString(36);
const people: Person[] = [];
/** Every key made, also those of a person whose sign-up failed: removed after the test. */
const keys: SshKey[] = [];

/** What a person would look at: both hostings as their owners see them, and Hostbay's log. */
async function explainFailure(name: string) {
  const hostings = await Promise.all(
    people.map((p) =>
      p.api
        .my()
        .then((r) => `${p.username}: ${JSON.stringify(r.body.data)}`)
        .catch(String),
    ),
  );
  console.log(
    `scenario B failed at "${name}"\n${hostings.join('\n')}\nHostbay log (end):\n${hostbay?.output().slice(-6000)}`,
  );
}

const chapter = story(explainFailure);

async function vmState(hosting: Hosting): Promise<string> {
  const { stdout } = await exec('virsh', ['-c', 'qemu:///system', 'domstate', hosting.vm_name]);
  return stdout.trim();
}

/** Polls until `step` of this person's hosting creation is in progress. */
async function waitUntilStepRuns(person: Person, step: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hosting = (await person.api.my()).body.data;
    if (hosting?.steps.some((s) => s.name === step && s.state === 'running')) return;
    if (!hosting || hosting.status !== 'CREATING' || Date.now() > deadline) {
      throw new Error(`${person.username}: ${step} never ran; last: ${JSON.stringify(hosting)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** What each `address:port` gave a connection from inside the person's guest (see guestProbeScript). */
async function probeFromGuest(person: Person, targets: readonly string[]): Promise<Map<string, string>> {
  const result = await sshRun(person.key, person.hosting.ssh_port!, person.username, guestProbeScript(targets));
  expect(result.code, JSON.stringify(result)).toBe(0);
  return parseGuestProbe(result.stdout);
}

/**
 * Two people create a hosting at the same moment; Hostbay is killed (SIGKILL)
 * while both are booting and started again on the same data folder and ports.
 * Both hostings must converge to RUNNING by themselves, each person reaching
 * only their own site and never seeing the other's hosting, and both deletes
 * must leave nothing behind.
 */
describe('scenario B: two users at once, Hostbay killed mid-creation and restarted', () => {
  beforeAll(async () => {
    const booting = Date.now();
    hostbay = await startHostbay({ env: OUTBOUND });
    console.log(`scenario B: Hostbay up in ${Math.round((Date.now() - booting) / 1000)} s`);
    dataDir = hostbay.dataDir;
    port = hostbay.port;
  });

  afterAll(async () => {
    const stopping = Date.now();
    await hostbay?.stop();
    console.log(`scenario B: Hostbay stopped in ${Math.round((Date.now() - stopping) / 1000)} s`);
    if (dataDir) await removeTestInstallation(dataDir);
    for (const key of keys) await removeSshKey(key);
    console.log(`scenario B took ${Math.round((Date.now() - startedAt) / 1000)} s`);
  });

  chapter('two users sign up and create a hosting at the same time', async () => {
    const created = await Promise.all(
      ['ba', 'bb'].map(async (prefix) => {
        const username = `${prefix}${stamp}`;
        const key = await makeSshKey(`${username}@e2e`);
        keys.push(key);
        const api = new ApiSession(port);
        await api.signUp(username);
        return { username, key, api };
      }),
    );
    const responses = await Promise.all(created.map((p) => p.api.create(p.key.publicKey)));
    for (const [i, response] of responses.entries()) {
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      expect(response.body.data?.status).toBe('CREATING');
      people.push({ ...created[i]!, hosting: response.body.data! });
    }
    expect(people[0]!.hosting.id).not.toBe(people[1]!.hosting.id);
    expect(people[0]!.hosting.ssh_port).not.toBe(people[1]!.hosting.ssh_port);
  });

  chapter('Hostbay is killed while both machines boot, and started again', async () => {
    await Promise.all(people.map((p) => waitUntilStepRuns(p, 'wait_guest', 3 * 60_000)));
    await hostbay!.kill();
    await expect(fetch(`http://127.0.0.1:${port + 1}/api/health`)).rejects.toThrow();
    // The machines do not depend on the Hostbay process: they keep booting.
    for (const person of people) expect(await vmState(person.hosting)).toBe('running');
    const restarting = Date.now();
    hostbay = await startHostbay({ dataDir, base: port, env: OUTBOUND });
    console.log(`scenario B: Hostbay up again in ${Math.round((Date.now() - restarting) / 1000)} s`);
  });

  chapter('both hostings converge to RUNNING by themselves', async () => {
    const settled = await Promise.all(people.map((p) => p.api.waitFor(['RUNNING', 'ERROR'], VM_MINUTES * 60_000)));
    for (const [i, hosting] of settled.entries()) {
      expect(hosting.error, JSON.stringify(hosting)).toBeNull();
      expect(hosting.status).toBe('RUNNING');
      expect(hosting.id).toBe(people[i]!.hosting.id);
      people[i]!.hosting = hosting;
    }
  });

  chapter('each user reaches only their own site and SSH login', async () => {
    for (const [me, other] of [people, [...people].reverse()] as [Person, Person][]) {
      const site = await visit(port, `${me.username}.localhost`);
      expect(site.status).toBe(200);
      expect(site.body).toContain(`Welcome, ${me.username}!`);
      expect(site.body).not.toContain(other.username);

      const ssh = await sshRun(me.key, me.hosting.ssh_port!, me.username, 'hostname');
      expect(ssh.stdout.trim(), JSON.stringify(ssh)).toBe(me.username);
      // My key opens nothing on the other's machine, neither as them nor as me.
      expect((await sshRun(me.key, other.hosting.ssh_port!, other.username, 'true')).code).not.toBe(0);
      expect((await sshRun(me.key, other.hosting.ssh_port!, me.username, 'true')).code).not.toBe(0);
    }
  });

  chapter("neither user ever sees the other's hosting through the API", async () => {
    for (const [me, other] of [people, [...people].reverse()] as [Person, Person][]) {
      const my = await me.api.my();
      expect(my.body.data?.id).toBe(me.hosting.id);
      const leaked = me.api.transcript.filter(
        (text) => text.includes(other.hosting.id) || text.includes(other.username),
      );
      expect(leaked).toEqual([]);
    }
  });

  chapter('a guest reaches the outside, but nothing of the host and not the other guest', async () => {
    const lab = new NetnsLab();
    try {
      const outside = await lab.namespace('out');
      await lab.linkToRoot(`${HOST_SIDE.address}/30`, { ns: outside, address: `${OUTSIDE.address}/30` });
      await lab.listen(outside, [OUTSIDE]);
      await lab.listen('root', [HOST_SIDE]);
      const [me, other] = people as [Person, Person];
      // QEMU's user network: 10.0.2.2 is the host's loopback. Every port Hostbay listens on there:
      // the edge, the API, the SSH forwards, both guests' forwarded ports; and PostgreSQL's.
      // The VM port ranges' first ports are the ones the two hostings hold (allocation takes the lowest free).
      const hostPorts = [
        port,
        port + 1,
        5432,
        me.hosting.ssh_port!,
        other.hosting.ssh_port!,
        ...range(port + 30, port + 33),
        ...range(port + 50, port + 53),
      ];
      const refused = [...hostPorts.map((p) => `10.0.2.2:${p}`), `${HOST_SIDE.address}:${HOST_SIDE.port}`];
      // Without the firewall these answer: the host side does listen.
      expect(await portRefuses(other.hosting.ssh_port!)).toBe(false);
      expect(await portRefuses(port + 1)).toBe(false);

      const seen = await probeFromGuest(me, [...refused, `${OUTSIDE.address}:${OUTSIDE.port}`]);
      expect(seen.get(`${OUTSIDE.address}:${OUTSIDE.port}`)).toBe('answered');
      // A probe the busy guest could not finish in its seconds is asked again, alone.
      const unsure = refused.filter((target) => seen.get(target) === 'timeout');
      if (unsure.length > 0)
        for (const [target, outcome] of await probeFromGuest(me, unsure)) seen.set(target, outcome);
      const notRefused = refused.filter((target) => seen.get(target) !== 'refused');
      expect(notRefused.map((target) => `${target} ${seen.get(target)}`)).toEqual([]);

      // The refusals are the guest firewall's: without its table the API answers the guest.
      const installation = (await readFile(join(dataDir, 'installation-id'), 'utf8')).trim();
      await exec('nft', ['delete', 'table', 'inet', `hostbay_${installation}`]);
      const open = await probeFromGuest(me, [`10.0.2.2:${port + 1}`]);
      expect(open.get(`10.0.2.2:${port + 1}`)).toBe('connected');
    } finally {
      await lab.close();
    }
  });

  chapter('both delete at once, and nothing of either is left', async () => {
    const responses = await Promise.all(people.map((p) => p.api.remove()));
    for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBe(202);
    await Promise.all(people.map((p) => p.api.waitGone(3 * 60_000)));
    for (const person of people) {
      const { hosting, username } = person;
      expect((await visit(port, `${username}.localhost`)).status).toBe(404);
      expect(await portRefuses(hosting.ssh_port!)).toBe(true);
      const leaks = await auditHosting(dataDir, { id: hosting.id, username, sshPort: hosting.ssh_port });
      expect(leaks).toEqual({ domains: [], volumes: [], allocations: [], edgeLines: [] });
    }
    // Not even in the answers to the deletes.
    for (const [me, other] of [people, [...people].reverse()] as [Person, Person][]) {
      expect(me.api.transcript.filter((text) => text.includes(other.hosting.id))).toEqual([]);
    }
  });
});
