import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hosting } from '@hostbay/contract/hosting';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ApiSession } from '../../../api/test/e2e/support/api-client';
import {
  runCli,
  startHostbay,
  waitForTemplate,
  type HostbayProcess,
} from '../../../api/test/e2e/support/hostbay-process';
import { removeTestInstallation } from '../../../api/test/e2e/support/leak-audit';
import { makeSshKey, removeSshKey, visit, type SshKey } from '../../../api/test/e2e/support/reach';
import { consoleSocketFolder } from '../../../api/src/config/paths';
import { launchBrowser } from './browser';
import { SHOTS, shootAtWidths, story } from './scenario-support';

const username = `si${Date.now().toString(36)}`;
const email = `${username}@example.org`;
const password = 'a long enough password';
const consolePassword = 'typed at the console';
const admin = { email: 'si-admin@example.org', username: 'siadmin', password: 'the admin password' };

let hostbay: HostbayProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
let key: SshKey;
let hosting: Hosting;

async function explainFailure(name: string) {
  const shot = join(tmpdir(), `see-inside-failure-${Date.now()}.png`);
  await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  console.log(`see-inside failed at "${name}"; screen: ${shot}\nHostbay log (end):\n${hostbay?.output().slice(-6000)}`);
}

const chapter = story(explainFailure);

const terminal = () => page.getByTestId('console-terminal');

/** What the console's screen shows now, row by row (xterm's DOM renderer). */
async function screenText(): Promise<string> {
  return terminal().locator('.xterm-rows').innerText();
}

/** Types a line into the console as a person would, Enter included. */
async function typeLine(text: string): Promise<void> {
  await terminal().click();
  await page.keyboard.type(text, { delay: 15 });
  await page.keyboard.press('Enter');
}

async function screenShows(pattern: RegExp, timeout = 60_000): Promise<void> {
  await expect.poll(screenText, { timeout, interval: 500 }).toMatch(pattern);
}

/** `stty size` in the console, read back: the rows and columns the guest's serial line has. */
async function guestSize(marker: string): Promise<{ rows: number; cols: number }> {
  await typeLine(`echo ${marker}=$(stty size | tr ' ' x)`);
  const pattern = new RegExp(`${marker}=(\\d+)x(\\d+)`);
  await screenShows(pattern, 20_000);
  const [, rows, cols] = pattern.exec(await screenText())!;
  return { rows: Number(rows), cols: Number(cols) };
}

async function signedIn(locale: 'en-US' | 'ko-KR', who: { email: string; password: string }): Promise<Page> {
  const context = await browser!.newContext({
    baseURL: `http://127.0.0.1:${hostbay!.port}`,
    locale,
    viewport: { width: 1280, height: 900 },
  });
  const signedInPage = await context.newPage();
  const words = locale === 'ko-KR' ? ['이메일', '비밀번호', '로그인'] : ['Email', 'Password', 'Log in'];
  await signedInPage.goto('/login');
  await signedInPage.getByLabel(words[0]!).fill(who.email);
  await signedInPage.getByLabel(words[1]!).fill(who.password);
  await signedInPage.getByRole('button', { name: words[2]! }).click();
  await signedInPage.waitForURL((url) => url.pathname !== '/login');
  return signedInPage;
}

function usageCard(target: Page): Locator {
  return target.getByTestId('usage-card');
}

/**
 * See inside, with a real VM and a real browser: a member who made their
 * hosting with an SSH key only logs in on the machine's console from the
 * browser (a console password set from the dashboard), the terminal's size
 * follows the window, the console works with the machine's network down; the
 * hosting page charts the machine's CPU and memory; the operator sees the
 * host's use and reads /metrics. The hosting comes from the cached template,
 * in seconds.
 */
describe('see inside: the browser console, the usage charts and the operator’s metrics (real VM, real browser)', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    key = await makeSshKey(`${username}@e2e`);
    hostbay = await startHostbay({ env: { HOSTBAY_SAMPLE_INTERVAL: '2s' } });
    await waitForTemplate(hostbay);
    browser = await launchBrowser();
    api = new ApiSession(hostbay.port);
    await api.signUp(username);
    const created = await api.create(key.publicKey);
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.data?.initial_password).toBeNull();
    hosting = await api.waitFor(['RUNNING', 'ERROR'], 10 * 60_000);
    expect(hosting.status).toBe('RUNNING');
    page = await signedIn('en-US', { email, password });
  });

  afterAll(async () => {
    await browser?.close();
    await hostbay?.stop();
    if (hostbay) await removeTestInstallation(hostbay.dataDir);
    await removeSshKey(key);
  });

  chapter(
    'logs in on the machine from the browser with no SSH client: a console password, then `hostname`',
    async () => {
      await page.goto('/hosting');
      await page.getByRole('link', { name: 'Open the console' }).click();
      await page.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
      await screenShows(/login:/);

      // Made with a key only: the account has no password until the member sets one here.
      await page.getByLabel(`New password for ${username}`).fill(consolePassword);
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.getByText(`Password set. Log in as ${username} with it.`).waitFor({ timeout: 30_000 });

      await typeLine(username);
      await screenShows(/Password:/, 20_000);
      await typeLine(consolePassword);
      await screenShows(new RegExp(`${username}@${username}:~\\$`));
      await typeLine('hostname');
      await screenShows(new RegExp(`\\n${username}\\s*\\n`));
      await shootAtWidths(page, 'hosting-console', async (p) => {
        await p.getByTestId('console-terminal').waitFor();
      });
    },
  );

  chapter('resizes with the window: the shell on the serial line learns the new size', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const wide = await guestSize('WIDE');
    await page.setViewportSize({ width: 375, height: 800 });
    await expect
      .poll(async () => (await guestSize(`NARROW${Date.now() % 1000}`)).cols, { timeout: 20_000 })
      .toBeLessThan(wide.cols);
    const narrow = await guestSize('NARROWNOW');
    // A phone still gets a usable line: the smaller font keeps 40 and more columns.
    expect(narrow.cols).toBeGreaterThanOrEqual(40);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  chapter('works while the machine’s network is down, where SSH and the site cannot', async () => {
    const site = `${username}.localhost`;
    expect((await visit(hostbay!.port, site)).status).toBe(200);
    await typeLine('NIC=$(ls /sys/class/net | grep -vx lo | head -n1); sudo ip link set "$NIC" down; echo DOWN-$NIC');
    await screenShows(/DOWN-\w+/);
    // The edge still answers, but nothing behind it does: a 502, or no answer before the visit gives up.
    const status = () =>
      visit(hostbay!.port, site).then(
        (answer) => answer.status,
        () => 0,
      );
    await expect.poll(status, { timeout: 60_000 }).not.toBe(200);
    await typeLine('echo STILL-HERE-$(hostname)');
    await screenShows(new RegExp(`STILL-HERE-${username}`));
    // Linux keeps the address while the link is down: the link up again, the site answers again.
    await typeLine('sudo ip link set "$NIC" up && echo UP-AGAIN');
    await screenShows(/UP-AGAIN/);
    await expect.poll(status, { timeout: 90_000, interval: 2000 }).toBe(200);
  });

  chapter('shows the machine’s CPU and memory over the last hour and the last day', async () => {
    await page.goto('/hosting');
    const card = usageCard(page);
    await card.waitFor();
    // The sampler reads every machine every 2 s here (10 s by default): a few points within seconds.
    await expect.poll(() => card.locator('canvas').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => card.getByText(/^CPU: now /).isVisible()).toBe(true);
    await expect.poll(() => card.getByText(/^Memory used: now /).isVisible()).toBe(true);
    await shootAtWidths(page, 'hosting-usage', async (p) => {
      await usageCard(p).locator('canvas').first().waitFor();
    });
    const lastDay = card.getByRole('group', { name: 'Time range' }).getByRole('button', { name: 'Last day' });
    await lastDay.click();
    await expect.poll(() => lastDay.getAttribute('aria-pressed')).toBe('true');
    // The day's points are minutes, the first written once the machine's first whole minute has passed (a new
    // machine's may not be yet: the integration tier checks the minutes); either way the card says what it has.
    await card
      .getByText(/^CPU: now |^No readings yet/)
      .first()
      .waitFor({ timeout: 20_000 });
  });

  chapter('shows the console and the charts in Korean', async () => {
    const korean = await signedIn('ko-KR', { email, password });
    await korean.goto('/hosting/console');
    await shootAtWidths(korean, 'hosting-console-ko', async (p) => {
      await p.getByTestId('console-terminal').waitFor();
    });
    await korean.goto('/hosting');
    await shootAtWidths(korean, 'hosting-usage-ko', async (p) => {
      await usageCard(p).locator('canvas').first().waitFor();
    });
    await korean.context().close();
  });

  chapter(
    'shows the operator the host’s use beside what is allotted, and serves /metrics to a loopback Prometheus',
    async () => {
      const made = await runCli(
        hostbay!,
        ['user', 'create', '--admin', '--email', admin.email, '--username', admin.username, '--password-stdin'],
        `${admin.password}\n`,
      );
      expect(made, made.output).toMatchObject({ code: 0 });
      const adminPage = await signedIn('en-US', admin);
      await adminPage.goto('/admin');
      await shootAtWidths(adminPage, 'admin-overview-host-usage', async (p) => {
        await p
          .getByRole('region', { name: 'Host use now' })
          .getByText(/busy, all CPUs together/)
          .waitFor();
      });
      await adminPage.context().close();

      const metrics = await fetch(`http://127.0.0.1:${hostbay!.env.HOSTBAY_API_PORT}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/^hostbay_hostings\{state="RUNNING"\} 1$/m);
      expect(text).toMatch(new RegExp(`^hostbay_hosting_cpu_percent\\{hosting_id="${hosting.id}"\\} [\\d.]+$`, 'm'));
      expect(text).toMatch(
        new RegExp(`^hostbay_hosting_memory_bytes\\{hosting_id="${hosting.id}"\\} [1-9][\\d.e+]*$`, 'm'),
      );
    },
  );

  chapter('deleting the hosting ends its console, and its serial line’s socket goes with the machine', async () => {
    const installation = (await readFile(join(hostbay!.dataDir, 'installation-id'), 'utf8')).trim();
    const socket = join(consoleSocketFolder(installation), `${hosting.id}.sock`);
    expect(existsSync(socket)).toBe(true);
    await page.goto('/hosting/console');
    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
    expect((await api.remove()).status).toBe(202);
    // The page follows the hosting: a machine being deleted has no console, and the server ends the socket.
    await page
      .getByText(/The console needs a running machine, and yours is now: Deleting|Your machine stopped/)
      .waitFor({ timeout: 60_000 });
    await api.waitGone(5 * 60_000);
    expect(existsSync(socket)).toBe(false);
  });
});
