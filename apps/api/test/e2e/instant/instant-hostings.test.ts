import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Hosting } from '@hostbay/contract/hosting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from '../support/api-client.js';
import { startHostbay, waitForTemplate, type HostbayProcess } from '../support/hostbay-process.js';
import { auditHosting, removeTestInstallation } from '../support/leak-audit.js';
import { makeSshKey, removeSshKey, sshRun, visit, type SshKey } from '../support/reach.js';

const exec = promisify(execFile);

interface Member {
  username: string;
  api: ApiSession;
  key: SshKey;
  hosting: Hosting;
}

/** What makes a machine itself, read over SSH: the answers must differ between any two hostings. */
const IDENTITY = [
  'hostname',
  'cat /etc/machine-id',
  'id -un',
  'cut -d" " -f2 /etc/ssh/ssh_host_ed25519_key.pub',
  'head -c 16 /dev/urandom | od -An -tx1 | tr -d " \\n"; echo',
  'cat /var/www/html/index.html | grep -o "Welcome, [a-z0-9-]*"',
].join('; ');

async function genid(hosting: Hosting): Promise<string> {
  const { stdout } = await exec('virsh', ['-c', 'qemu:///system', 'dumpxml', '--domain', hosting.vm_name]);
  return /<genid>([^<]+)<\/genid>/.exec(stdout)?.[1] ?? '';
}

/**
 * Instant hostings on a real VM: two members' machines made from one saved
 * template are each their own (host keys, machine-id, hostname, user, random
 * state, page); a stop keeps what the member wrote and a start resumes in
 * seconds; Hostbay killed in the middle of a restore finishes the hosting by
 * itself; every delete leaves nothing.
 */
describe('instant hostings: made from a template in seconds, each one unique', () => {
  let hostbay: HostbayProcess | undefined;
  const members: Member[] = [];

  beforeAll(async () => {
    hostbay = await startHostbay();
    await waitForTemplate(hostbay);
  });

  afterAll(async () => {
    await hostbay?.stop();
    if (hostbay) await removeTestInstallation(hostbay.dataDir);
    for (const member of members) await removeSshKey(member.key);
  });

  async function newMember(username: string): Promise<Member> {
    const api = new ApiSession(hostbay!.port);
    await api.signUp(username);
    const key = await makeSshKey(`${username}@e2e`);
    const created = await api.create(key.publicKey);
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const member = { username, api, key, hosting: created.body.data! };
    members.push(member);
    return member;
  }

  it('makes two hostings from one template, each with its own identity, page and SSH', async () => {
    for (const username of ['ina', 'jon']) {
      const member = await newMember(username);
      expect(member.hosting.creation_path).toBe('template');
      expect(member.hosting.steps.map((s) => s.name)).toEqual([
        'allocate',
        'write_seed',
        'clone_disk',
        'define_vm',
        'restore_vm',
        'personalise',
        'add_proxy',
        'probe_site',
      ]);
      member.hosting = await member.api.waitFor(['RUNNING', 'ERROR'], 2 * 60_000);
      expect(member.hosting.status, JSON.stringify(member.hosting)).toBe('RUNNING');
    }
    const identities = [];
    for (const member of members) {
      const site = await visit(hostbay!.port, `${member.username}.localhost`);
      expect(site.body).toContain(`Welcome, ${member.username}!`);
      const ssh = await sshRun(member.key, member.hosting.ssh_port!, member.username, IDENTITY);
      expect(ssh.code, JSON.stringify(ssh)).toBe(0);
      const [hostname, machineId, user, hostKey, random, page] = ssh.stdout.trim().split('\n');
      expect([hostname, user, page]).toEqual([member.username, member.username, `Welcome, ${member.username}`]);
      expect(machineId).toMatch(/^[0-9a-f]{32}$/);
      identities.push({ machineId, hostKey, random, genid: await genid(member.hosting) });
    }
    const [a, b] = identities;
    for (const field of ['machineId', 'hostKey', 'random', 'genid'] as const) {
      expect(a![field], field).toBeTruthy();
      expect(a![field], field).not.toBe(b![field]);
    }
    // Each key opens its own machine only.
    const [ina, jon] = members;
    expect((await sshRun(ina!.key, jon!.hosting.ssh_port!, jon!.username, 'true')).code).not.toBe(0);
  });

  it('keeps what the member wrote across a stop, and starts again from the saved memory', async () => {
    const member = members[0]!;
    const port = member.hosting.ssh_port!;
    expect((await sshRun(member.key, port, member.username, 'echo kept > note.txt && sync')).code).toBe(0);
    expect((await member.api.action('stop')).status).toBe(202);
    await member.api.waitFor(['STOPPED'], 2 * 60_000);
    const { stdout } = await exec('virsh', ['-c', 'qemu:///system', 'dominfo', '--domain', member.hosting.vm_name]);
    expect(stdout).toMatch(/Managed save:\s+yes/);
    expect((await member.api.action('start')).status).toBe(202);
    member.hosting = await member.api.waitFor(['RUNNING', 'ERROR'], 2 * 60_000);
    expect(member.hosting.status).toBe('RUNNING');
    const ssh = await sshRun(member.key, port, member.username, 'cat note.txt; date -u +%s');
    expect(ssh.stdout.split('\n')[0]).toBe('kept');
    // The clock was set from the host's, not left where the saved memory had it.
    expect(Math.abs(Number(ssh.stdout.split('\n')[1]) - Date.now() / 1000)).toBeLessThan(30);
  });

  it('finishes a hosting by itself when Hostbay is killed in the middle of its restore', async () => {
    const member = await newMember('kim');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const steps = (await member.api.my()).body.data?.steps ?? [];
      if (steps.some((s) => s.name === 'restore_vm' && s.state !== 'pending')) break;
      if (Date.now() > deadline) throw new Error(`restore_vm never began: ${JSON.stringify(steps)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const { dataDir, port } = hostbay!;
    await hostbay!.kill();
    hostbay = await startHostbay({ dataDir, base: port });
    member.hosting = await member.api.waitFor(['RUNNING', 'ERROR'], 3 * 60_000);
    expect(member.hosting.status, JSON.stringify(member.hosting)).toBe('RUNNING');
    const ssh = await sshRun(member.key, member.hosting.ssh_port!, member.username, 'hostname');
    expect(ssh.stdout.trim()).toBe('kim');
  });

  it('deletes every one of them without a trace', async () => {
    for (const member of members) {
      expect((await member.api.remove()).status).toBe(202);
      await member.api.waitGone(2 * 60_000);
      const report = await auditHosting(hostbay!.dataDir, {
        id: member.hosting.id,
        username: member.username,
        sshPort: member.hosting.ssh_port,
      });
      expect(report).toEqual({ domains: [], volumes: [], allocations: [], edgeLines: [] });
    }
  });
});
