import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminBackupList } from '@hostbay/contract/backup';
import type { Hosting } from '@hostbay/contract/hosting';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ApiSession } from '../../../api/test/e2e/support/api-client';
import {
  runCli,
  startHostbay,
  waitForTemplate,
  type HostbayProcess,
} from '../../../api/test/e2e/support/hostbay-process';
import { auditHosting, removeTestInstallation } from '../../../api/test/e2e/support/leak-audit';
import {
  makeSshKey,
  portRefuses,
  removeSshKey,
  runLikeATerminal,
  sshRun,
  visit,
  type SshKey,
} from '../../../api/test/e2e/support/reach';
import { launchBrowser } from './browser';
import { SHOTS, shootAtWidths, stepDurations, story, type ChecklistWatch, watchChecklist } from './scenario-support';

const VM_MINUTES = 10;
const username = `sa${Date.now().toString(36)}`;
const email = `${username}@example.org`;
const password = 'a long enough password';

let hostbay: HostbayProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let key: SshKey;
/** The same person through the API: ids, ports and step times the screen does not show. */
let api: ApiSession;
let hosting: Hosting;
let checklist: ChecklistWatch;
/** The administrator the suspension chapter makes, for the backup chapters after it. */
let admin: ApiSession;
/** Where backups go: outside Hostbay's data folder, as a mounted NAS would be, so that it outlives the machine. */
let backupRepository: string;
const startedAt = Date.now();

/** What a person would look at: the screen, the hosting as the API reports it, and Hostbay's log. */
async function explainFailure(name: string) {
  const shot = join(tmpdir(), `scenario-a-failure-${Date.now()}.png`);
  await page?.screenshot({ path: shot, fullPage: true }).catch((error: unknown) => console.log(String(error)));
  const hostingNow = await api
    ?.my()
    .then((r) => JSON.stringify(r.body.data))
    .catch(String);
  console.log(
    `scenario A failed at "${name}"; screen: ${shot}\nhosting: ${hostingNow}\nHostbay log (end):\n${hostbay?.output().slice(-6000)}`,
  );
}

const chapter = story(explainFailure);

const status = (label: string) => page.getByText(`Status: ${label}`, { exact: true });
const actions = () => page.getByRole('group', { name: 'Hosting actions' });

const shootPageAt = (name: string, ready: () => Promise<unknown>) => shootAtWidths(page, name, ready);

/** SSH right after a boot: sshd may refuse for a moment after the site answers. */
async function sshRunWhenUp(sshKey: SshKey, port: number, user: string, command: string) {
  for (let attempt = 1; ; attempt++) {
    const result = await sshRun(sshKey, port, user, command);
    if (result.code === 0 || attempt === 10) return result;
    await page.waitForTimeout(3000);
  }
}

/** Backups on, into the "NAS"; a schedule that does not fire during the test (rounds are asked for). */
function backupSettings(): Record<string, string> {
  return { HOSTBAY_BACKUP_SCHEDULE: '0 3 1 1 *', HOSTBAY_BACKUP_REPOSITORY: backupRepository };
}

/** Asks for a backup round now, as an admin's "Back up now", and waits until it has ended. */
async function backupRound(): Promise<void> {
  const started = await admin.call('POST', '/admin/backups/run');
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await expect
    .poll(async () => (await admin.call<AdminBackupList>('GET', '/admin/backups')).body.data?.overview.round, {
      timeout: 10 * 60_000,
      interval: 2000,
    })
    .toBeNull();
}

async function shoot(name: string) {
  // Toasts fade out after a few seconds; the shot shows the page, not the notification.
  await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}-1280.png`), fullPage: true });
}

/**
 * The stranger's path, in headless Chromium against Hostbay started as `up`
 * starts it, with a real VM under QEMU: sign up, create a hosting with an SSH
 * key, watch it come up, use it over HTTP and SSH, stop and start it, be
 * suspended and unsuspended by an administrator, delete it and check that
 * nothing of it is left.
 */
describe('scenario A: a new user gets a hosting in the browser, uses it and deletes it', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    key = await makeSshKey(`${username}@e2e`);
    backupRepository = await mkdtemp(join(tmpdir(), 'hostbay-e2e-nas-'));
    hostbay = await startHostbay({ env: backupSettings() });
    // The member's hosting is made in seconds from the template `up` builds (or this host already has).
    await waitForTemplate(hostbay);
    browser = await launchBrowser();
    const context = await browser.newContext({
      baseURL: `http://127.0.0.1:${hostbay.port}`,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    api = new ApiSession(hostbay.port);
  });

  afterAll(async () => {
    await browser?.close();
    await hostbay?.stop();
    if (hostbay) await removeTestInstallation(hostbay.dataDir);
    await removeSshKey(key);
    if (backupRepository) await rm(backupRepository, { recursive: true, force: true });
    console.log(`scenario A took ${Math.round((Date.now() - startedAt) / 1000)} s`);
  });

  chapter('registers, logs out and logs in again', async () => {
    await page.goto('/register');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: `Hello, ${username}` }).waitFor();

    await page.getByRole('button', { name: `Account menu for ${username}` }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: `Hello, ${username}` }).waitFor();
    await api.logIn(email, password);
  });

  chapter('creates a hosting with an SSH key and shows the steps ticking by until RUNNING', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosting' }).click();
    await page.getByRole('heading', { name: 'No hosting yet' }).waitFor();
    await page.getByRole('button', { name: 'Create hosting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create your hosting' });
    await dialog.getByLabel('SSH public key (optional)').fill(key.publicKey);
    checklist = await watchChecklist(page);
    await dialog.getByRole('button', { name: 'Create hosting' }).click();
    // With a key there is no one-time password to show.
    await dialog.waitFor({ state: 'detached' });
    await status('Creating').waitFor();

    const steps = page.getByRole('region', { name: 'Setting up your hosting' });
    await steps
      .getByRole('listitem')
      .filter({ hasText: 'Make the machine yours (user, keys, name)' })
      .filter({ hasText: 'In progress' })
      .waitFor({ timeout: 60_000 });
    await shoot('scenario-creating');

    await status('Running')
      .or(status('Error'))
      .waitFor({ timeout: VM_MINUTES * 60_000 });
    const seen = await checklist.snapshots();
    expect(await status('Running').isVisible(), seen.join('\n')).toBe(true);
    // The checklist moved in front of the user: several states of it were on screen, each with more steps done.
    const doneCounts = [...new Set(seen.map((s) => s.split(' ').filter((step) => step.endsWith(':done')).length))];
    expect(doneCounts.length, seen.join('\n')).toBeGreaterThanOrEqual(3);
    expect(doneCounts, seen.join('\n')).toEqual([...doneCounts].sort((a, b) => a - b));
    expect(
      seen.some((s) => s.includes('personalise:running')),
      seen.join('\n'),
    ).toBe(true);

    const my = await api.my();
    expect(my.body.data?.status).toBe('RUNNING');
    expect(my.body.data?.creation_path).toBe('template');
    hosting = my.body.data!;
    console.log(`scenario A provisioning (seen in the UI):\n${seen.join('\n')}`);
    console.log(`scenario A step times: ${JSON.stringify(stepDurations(hosting), null, 2)}`);
    await shoot('scenario-running');
  });

  chapter("opens the web address in the browser: the user's own page", async () => {
    expect(hosting.web_url).toBe(`http://${username}.localhost:${hostbay!.port}/`);
    const [site] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: /Open site/ }).click(),
    ]);
    await site.waitForLoadState();
    expect(site.url()).toBe(hosting.web_url);
    await site.getByRole('heading', { name: `Welcome, ${username}!` }).waitFor();
    await site.close();
  });

  chapter(
    'publishes a first page by following only the Publish card: a folder copied with its scp command is served',
    async () => {
      const card = page.getByRole('region', { name: 'Publish your site' });
      await card.waitFor();
      // The whole page: an element's shot would show the sticky header over the card's middle.
      await shootPageAt('hosting-publish', () => card.waitFor());
      await card.getByRole('radio', { name: 'Linux or macOS' }).check();
      const scp = await card
        .locator('.command-line', { has: page.getByRole('button', { name: 'Copy the scp command' }) })
        .locator('code')
        .textContent();
      expect(scp).toBe(`scp -P ${hosting.ssh_port} -r ./site/* ${username}@${hosting.ssh_host}:/var/www/html/`);

      // What the card's five minutes say: a folder `site` with index.html, the command run in the folder
      // that holds it. The member's computer is a folder with their key; `accept-new` answers the first
      // connection's host-key question as a person types "yes".
      const computer = await mkdtemp(join(tmpdir(), 'hostbay-e2e-member-'));
      try {
        await mkdir(join(computer, '.ssh'), { mode: 0o700 });
        await copyFile(key.file, join(computer, '.ssh/id_ed25519'));
        await chmod(join(computer, '.ssh/id_ed25519'), 0o600);
        // OpenSSH finds ~/.ssh through the password database, not $HOME: the member's settings are named
        // with -F, the only thing added to the card's command.
        const sshConfig = join(computer, '.ssh/config');
        await writeFile(
          sshConfig,
          [
            `IdentityFile ${join(computer, '.ssh/id_ed25519')}`,
            'IdentitiesOnly yes',
            `UserKnownHostsFile ${join(computer, '.ssh/known_hosts')}`,
            'StrictHostKeyChecking accept-new',
            '',
          ].join('\n'),
        );
        await mkdir(join(computer, 'site/notes'), { recursive: true });
        await writeFile(
          join(computer, 'site/index.html'),
          `<!doctype html><title>Mine</title><h1>${username} made this</h1>\n`,
        );
        await writeFile(join(computer, 'site/notes/index.html'), '<!doctype html><title>Notes</title><h1>Notes</h1>\n');
        const copied = await runLikeATerminal(scp!.replace(/^scp /, `scp -F ${sshConfig} `), {
          cwd: computer,
          env: { PATH: process.env.PATH ?? '', HOME: computer },
        });
        expect(copied, JSON.stringify(copied)).toMatchObject({ code: 0 });
      } finally {
        await rm(computer, { recursive: true, force: true });
      }

      const site = await page.context().newPage();
      await site.goto(hosting.web_url!);
      await site.getByRole('heading', { name: `${username} made this` }).waitFor();
      await site.goto(new URL('notes/', hosting.web_url!).toString());
      await site.getByRole('heading', { name: 'Notes' }).waitFor();
      await site.close();
    },
  );

  chapter('answers `ssh -p <port> <username>@127.0.0.1 hostname` with the key', async () => {
    const ssh = await sshRun(key, hosting.ssh_port!, username, 'hostname; id -un');
    expect(ssh, JSON.stringify(ssh)).toMatchObject({ code: 0 });
    expect(ssh.stdout.trim().split('\n')).toEqual([username, username]);
  });

  chapter(
    'restores a snapshot from the dashboard: a file written before it is back, one written after it is gone',
    async () => {
      const before = await sshRun(key, hosting.ssh_port!, username, 'echo kept > ~/before.txt && sync');
      expect(before, JSON.stringify(before)).toMatchObject({ code: 0 });
      const card = page.getByRole('region', { name: 'Snapshots' });
      await card.getByLabel('Snapshot name').fill('before the change');
      await card.getByRole('button', { name: 'Take snapshot' }).click();
      // Taken while running: the guest agent freezes its file systems for the copy, the site keeps answering.
      const restore = card.getByRole('button', { name: 'Restore before the change' });
      await expect.poll(() => restore.isEnabled(), { timeout: 5 * 60_000 }).toBe(true);
      await shootPageAt('hosting-snapshots', () => card.waitFor());

      const after = await sshRun(
        key,
        hosting.ssh_port!,
        username,
        'echo gone > ~/after.txt && rm ~/before.txt && sync',
      );
      expect(after, JSON.stringify(after)).toMatchObject({ code: 0 });
      await restore.click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Restore snapshot' }).click();
      await status('Restoring').waitFor({ timeout: 60_000 });
      await status('Running')
        .or(status('Error'))
        .waitFor({ timeout: VM_MINUTES * 60_000 });
      expect(await status('Running').isVisible()).toBe(true);
      const files = await sshRunWhenUp(
        key,
        hosting.ssh_port!,
        username,
        'cat ~/before.txt; ls ~/after.txt 2>/dev/null || echo absent',
      );
      expect(files.stdout.trim().split('\n')).toEqual(['kept', 'absent']);
    },
  );

  chapter('stops from the dashboard: STOPPED (a clean poweroff, not the timeout), and the site is down', async () => {
    await actions().getByRole('button', { name: 'Stop' }).click();
    // Stopping takes the site down: the dashboard asks first.
    await page
      .getByRole('alertdialog', { name: 'Stop your hosting?' })
      .getByRole('button', { name: 'Stop hosting' })
      .click();
    const asked = Date.now();
    await status('Stopped').waitFor({ timeout: 5 * 60_000 });
    // The guest powers off on the ACPI button (acpid in the image) long before the 60 s after which
    // Hostbay would pull the plug.
    expect(Date.now() - asked).toBeLessThan(45_000);
    await shoot('scenario-stopped');
    // The route stays while the machine is off; a visitor gets Hostbay's page saying so, with a status
    // that tells crawlers and monitors to come back.
    const visitor = await visit(hostbay!.port, `${username}.localhost`);
    expect(visitor.status).toBe(503);
    expect(visitor.body).toContain('This site is stopped');
  });

  chapter('starts again from the dashboard: RUNNING, the site and SSH answer again', async () => {
    await actions().getByRole('button', { name: 'Start' }).click();
    await status('Running')
      .or(status('Error'))
      .waitFor({ timeout: VM_MINUTES * 60_000 });
    expect(await status('Running').isVisible()).toBe(true);
    const site = await page.context().newPage();
    const response = await site.goto(hosting.web_url);
    expect(response?.status()).toBe(200);
    await site.getByRole('heading', { name: `Welcome, ${username}!` }).waitFor();
    await site.close();
    const ssh = await sshRun(key, hosting.ssh_port!, username, 'hostname');
    expect(ssh.stdout.trim(), JSON.stringify(ssh)).toBe(username);
  });

  chapter(
    'an administrator suspends the member: the suspended page, SSH refuses, the dashboard says why; unsuspending brings it back',
    async () => {
      // The first administrator comes from the command line, as an operator makes one.
      const adminName = `ad${username}`;
      const made = await runCli(
        hostbay!,
        [
          'user',
          'create',
          '--admin',
          '--email',
          `${adminName}@example.org`,
          '--username',
          adminName,
          '--password-stdin',
        ],
        password,
      );
      expect(made, made.output).toMatchObject({ code: 0 });
      admin = new ApiSession(hostbay!.port);
      await admin.logIn(`${adminName}@example.org`, password);
      const me = await api.call<{ id: string }>('GET', '/auth/me');
      const memberId = me.body.data!.id;

      const suspended = await admin.call('POST', `/admin/users/${memberId}/suspend`, { reason: 'Scenario A tries it' });
      expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
      const closed = await visit(hostbay!.port, `${username}.localhost`);
      expect(closed.status).toBe(503);
      expect(closed.body).toContain('This site is suspended');
      expect(closed.body).not.toContain('Welcome');
      // In the visitor's language.
      const closedInKorean = await visit(hostbay!.port, `${username}.localhost`, {
        'accept-language': 'ko-KR,ko;q=0.9',
      });
      expect(closedInKorean.body).toContain('이 사이트는 이용이 정지되었습니다');
      // The stop job powers the machine off; with it goes QEMU's listener on the public SSH port.
      await expect
        .poll(() => portRefuses(hosting.ssh_port!).catch(() => false), { timeout: 3 * 60_000, interval: 2000 })
        .toBe(true);
      // The member's open dashboard learns it at its next request (the event stream ends within seconds).
      await page.getByRole('heading', { name: 'Your account is suspended.' }).waitFor({ timeout: 60_000 });
      await page.getByText('Reason: Scenario A tries it').waitFor();
      expect((await api.my()).body.error).toMatchObject({ code: 'account_suspended' });

      const unsuspended = await admin.call('POST', `/admin/users/${memberId}/unsuspend`);
      expect(unsuspended.status, JSON.stringify(unsuspended.body)).toBe(200);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      // It was running: it is started again, and the member's own page and SSH answer once it has booted.
      await status('Running')
        .or(status('Error'))
        .waitFor({ timeout: VM_MINUTES * 60_000 });
      expect(await status('Running').isVisible()).toBe(true);
      const open = await visit(hostbay!.port, `${username}.localhost`);
      expect(open.status).toBe(200);
      expect(open.body).toContain(`Welcome, ${username}!`);
      const ssh = await sshRun(key, hosting.ssh_port!, username, 'hostname');
      expect(ssh.stdout.trim(), JSON.stringify(ssh)).toBe(username);
    },
  );

  chapter(
    'the server is lost: Hostbay restored from its own backup on a fresh data folder brings the site back from the night’s backup',
    async () => {
      const page1 = await sshRun(
        key,
        hosting.ssh_port!,
        username,
        "echo '<h1>Kept across machines</h1>' | sudo tee /var/www/html/index.html >/dev/null && sync",
      );
      expect(page1, JSON.stringify(page1)).toMatchObject({ code: 0 });
      await backupRound();
      const listed = (await admin.call<AdminBackupList>('GET', '/admin/backups')).body.data!;
      expect(listed.items.find((b) => b.hosting_id === hosting.id)).toMatchObject({ state: 'done' });

      const archive = join(backupRepository, 'hostbay-control.tar.gz');
      const written = await runCli(hostbay!, ['backup', 'create', '--output', archive]);
      expect(written, written.output).toMatchObject({ code: 0 });
      // The machine is gone: its VMs, its storage pool with every disk, its data folder. The NAS remains.
      const port = hostbay!.port;
      await hostbay!.stop();
      await removeTestInstallation(hostbay!.dataDir);
      hostbay = undefined;
      const freshData = await mkdtemp(join(tmpdir(), 'hostbay-e2e-fresh-'));
      const fresh = { env: { ...backupSettings(), HOSTBAY_DATA_DIR: freshData } };
      const restored = await runCli({ ...fresh } as unknown as HostbayProcess, ['backup', 'restore', archive]);
      expect(restored, restored.output).toMatchObject({ code: 0 });
      hostbay = await startHostbay({ dataDir: freshData, base: port, env: backupSettings() });

      // Its machine is missing from this host: it comes back from the night's backup, as a job of the hosting.
      await expect
        .poll(async () => (await api.my()).body.data?.status, { timeout: VM_MINUTES * 60_000, interval: 2000 })
        .toBe('RUNNING');
      const recovered = (await api.my()).body.data!;
      expect(recovered.steps.map((s) => [s.name, s.state])).toEqual([
        ['write_seed', 'done'],
        ['recover_disk', 'done'],
        ['define_vm', 'done'],
        ['start_vm', 'done'],
        ['wait_guest', 'done'],
      ]);
      // The member's open dashboard carries on: the restored secrets keep their session valid.
      await status('Running').waitFor({ timeout: 60_000 });
      const site = await visit(hostbay.port, `${username}.localhost`);
      expect(site).toMatchObject({ status: 200, body: expect.stringContaining('Kept across machines') });
      const ssh = await sshRunWhenUp(key, hosting.ssh_port!, username, 'hostname');
      expect(ssh.stdout.trim(), JSON.stringify(ssh)).toBe(username);
    },
  );

  chapter('deletes after confirming; the hosting is gone everywhere', async () => {
    // What the delete must remove, seen where it lives: the domain and the hosting's volumes in the pool.
    const traces = await auditHosting(hostbay!.dataDir, { id: hosting.id, username, sshPort: hosting.ssh_port });
    expect(traces.domains).toEqual([`hb-${hosting.id}`]);
    // Its disk, seed and console log, and the member's snapshot: all of it goes.
    expect(traces.volumes.filter((volume) => !volume.includes('-snap-')).sort()).toEqual(
      [`hb-${hosting.id}-console.log`, `hb-${hosting.id}-seed.iso`, `hb-${hosting.id}.qcow2`].sort(),
    );
    expect(traces.allocations.length).toBeGreaterThan(0);
    await actions().getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete your hosting?' });
    await confirm.getByRole('button', { name: 'Delete hosting' }).click();
    await page.getByRole('heading', { name: 'No hosting yet' }).waitFor({ timeout: 3 * 60_000 });
    expect((await api.my()).status).toBe(404);

    // A new browser profile: the page visited before is in this one's HTTP cache and would be shown from there.
    const fresh = await browser!.newContext();
    const site = await fresh.newPage();
    const response = await site.goto(hosting.web_url);
    expect(response?.status()).toBe(404);
    await site.getByRole('heading', { name: 'There is no site at this address' }).waitFor();
    await fresh.close();
    expect((await visit(hostbay!.port, `${username}.localhost`)).status).toBe(404);
    expect(await portRefuses(hosting.ssh_port!)).toBe(true);
    const leaks = await auditHosting(hostbay!.dataDir, { id: hosting.id, username, sshPort: hosting.ssh_port });
    expect(leaks).toEqual({ domains: [], volumes: [], allocations: [], edgeLines: [] });
  });

  chapter(
    'an administrator brings the deleted hosting back from its last backup, within the grace period',
    async () => {
      const adminPage = await browser!.newPage({ baseURL: `http://127.0.0.1:${hostbay!.port}` });
      await adminPage.goto('/login');
      await adminPage.getByLabel('Email').fill(`ad${username}@example.org`);
      await adminPage.getByLabel('Password').fill(password);
      await adminPage.getByRole('button', { name: 'Log in' }).click();
      await adminPage.waitForURL((url) => url.pathname !== '/login');
      await adminPage.goto('/admin/backups');
      await adminPage.getByRole('heading', { name: 'Backups' }).waitFor();
      await adminPage.getByRole('button', { name: `Bring back ${username}` }).click();
      await adminPage.getByRole('alertdialog').getByRole('button', { name: 'Bring back hosting' }).click();
      await shootAtWidths(adminPage, 'admin-backups', () =>
        adminPage.getByRole('heading', { name: 'Backups' }).waitFor(),
      );
      await adminPage.close();

      // The member's dashboard shows the new hosting coming up from the backup, then its page.
      await status('Running')
        .or(status('Error'))
        .waitFor({ timeout: VM_MINUTES * 60_000 });
      expect(await status('Running').isVisible()).toBe(true);
      const back = (await api.my()).body.data!;
      expect(back.id).not.toBe(hosting.id);
      expect(back.steps.map((s) => s.name)).toContain('restore_backup');
      const site = await visit(hostbay!.port, `${username}.localhost`);
      expect(site).toMatchObject({ status: 200, body: expect.stringContaining('Kept across machines') });
    },
  );
});
