import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHosting, type HostingTrace } from '../../../api/test/e2e/support/leak-audit';
import { DATABASE_KINDS, type TestDatabase } from '../../../api/test/support/databases';
import { runCli, startApiServer, type ApiServer } from './api-server';
import { launchBrowser, seriousAxeFindings } from './browser';

const PASSWORD = 'correct horse battery';
const ADMIN = { email: 'head@school.example', username: 'headteacher' };
const PUPIL = { email: 'pupil@school.example', username: 'pupil' };
const NEWCOMER = { email: 'newcomer@school.example', username: 'newcomer' };
const REASON = 'Exam week: the lab is closed';

/** Waits for a toast with this text: the dashboard's word that an action went through. */
async function toast(page: Page, text: string | RegExp): Promise<void> {
  const shown = page.locator('[data-sonner-toast]').filter({ hasText: text });
  await shown.first().waitFor({ timeout: 30_000 });
}

/** Logs in; the dashboard then opens the page that sent the user to the login page, or `/`. */
async function login(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Opens a member's row menu on the Members page (searched by name, so the row is on the first page). */
async function memberMenu(admin: Page, username: string): Promise<void> {
  await admin.goto(`/admin/members?q=${username}`);
  await admin.getByRole('button', { name: `Actions for ${username}` }).click();
}

/** The open dialog: a plain one (a form) or an alert dialog (a confirmation). */
function openDialog(page: Page) {
  return page.locator('[role="dialog"], [role="alertdialog"]');
}

async function memberAction(admin: Page, username: string, action: string | RegExp): Promise<void> {
  await memberMenu(admin, username);
  await admin.getByRole('menuitem', { name: action }).click();
}

/**
 * An operator's day in the dashboard, in a real browser against the real API
 * (its hostings are real QEMU machines on a stand-in disk): invite, sign-up
 * through the link, approval, a plan, suspension seen by the member, and the
 * member's deletion with nothing left behind. Once per database. The steps
 * depend on each other.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('an admin’s day (%s)', (name, kind) => {
  let database: TestDatabase | undefined;
  let server: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let pupil: Page;
  let trace: HostingTrace | undefined;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    // SQLite lives in the server's data folder; PostgreSQL gets a database of its own.
    database = name === 'postgres' ? await kind.create() : undefined;
    server = await startApiServer({
      HOSTBAY_SIGNUP: 'approval',
      ...(database ? { HOSTBAY_DATABASE_URL: database.url } : {}),
    });
    const made = await runCli(
      server,
      ['user', 'create', '--admin', '--email', ADMIN.email, '--username', ADMIN.username, '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(made.code, made.output).toBe(0);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('the first admin, made on the command line, finds the operator console', async () => {
    admin = await newPage();
    await login(admin, ADMIN.email);
    const nav = admin.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Overview' }).click();
    await admin.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await seriousAxeFindings(admin)).toEqual([]);
  });

  it('invites a pupil, who signs up through the link and is active at once', async () => {
    await admin.goto('/admin/invitations');
    await admin.getByLabel('Email (optional)').fill(PUPIL.email);
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const link = await admin.getByTestId('invitation-link').textContent();
    expect(link).toMatch(/\/register\?invite=[A-Za-z0-9_-]{43}$/);
    await admin.getByRole('button', { name: 'Done' }).click();

    pupil = await newPage();
    await pupil.goto(link!);
    await pupil.getByText(`You have been invited as ${PUPIL.email}`).waitFor();
    await pupil.getByLabel('Username').fill(PUPIL.username);
    await pupil.getByLabel('Password').fill(PASSWORD);
    await pupil.getByRole('button', { name: 'Create account' }).click();
    await pupil.getByRole('heading', { name: `Hello, ${PUPIL.username}` }).waitFor();

    // Inviting was approving: the pupil may create a hosting straight away.
    await pupil.goto('/hosting');
    await pupil.getByRole('button', { name: 'Create hosting' }).click();
    await pupil.getByRole('dialog').getByRole('button', { name: 'Create hosting' }).click();
    await pupil.getByRole('button', { name: 'I have saved it' }).click();
    const hosting = await pupil.evaluate(async () => {
      const token = localStorage.getItem('hostbay.token');
      const response = await fetch('/api/v1/hosting/my', { headers: { authorization: `Bearer ${token}` } });
      return ((await response.json()) as { data: { id: string; ssh_port: number | null } }).data;
    });
    trace = { id: hosting.id, username: PUPIL.username, sshPort: hosting.ssh_port };

    // The invitation is spent, and says by whom.
    await admin.goto('/admin/invitations');
    await admin.getByRole('table').getByText('Used').waitFor();
  });

  it('approves a newcomer who signed up without a link; their page changes by itself', async () => {
    const newcomer = await newPage();
    await newcomer.goto('/register');
    await newcomer.getByText('New accounts wait for an administrator’s approval').waitFor();
    await newcomer.getByLabel('Email').fill(NEWCOMER.email);
    await newcomer.getByLabel('Username').fill(NEWCOMER.username);
    await newcomer.getByLabel('Password').fill(PASSWORD);
    await newcomer.getByRole('button', { name: 'Create account' }).click();
    await newcomer.getByRole('heading', { name: 'Waiting for approval' }).waitFor();

    await memberAction(admin, NEWCOMER.username, 'Approve');
    await toast(admin, `${NEWCOMER.username} is approved`);
    await newcomer
      .getByRole('heading', { name: 'Waiting for approval' })
      .waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('makes a plan and puts the pupil on it; the pupil sees it in Settings', async () => {
    await admin.goto('/admin/plans');
    await admin.getByRole('button', { name: 'New plan' }).click();
    const form = openDialog(admin);
    await form.getByLabel('Name').fill('Lab large');
    await form.getByLabel('vCPUs').fill('2');
    await form.getByLabel('Memory (MB)').fill('1024');
    await form.getByLabel('Disk (GB)').fill('12');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await admin.getByRole('table').getByText('Lab large').waitFor();

    await memberAction(admin, PUPIL.username, 'Change plan…');
    await admin
      .getByRole('dialog')
      .getByLabel(/Lab large/)
      .check();
    await openDialog(admin).getByRole('button', { name: 'Change plan' }).click();
    await toast(admin, `${PUPIL.username} is on the plan Lab large now.`);

    await pupil.goto('/settings');
    await pupil.getByRole('region', { name: 'Your plan' }).getByText('Lab large').waitFor();
  });

  it('suspends the pupil with a reason: the member is sent out and told why, and cannot log in', async () => {
    // The pupil looks at their hosting: the page holds its event stream open.
    await pupil.goto('/hosting');
    await pupil.getByRole('heading', { name: 'Hosting', level: 1 }).waitFor();
    await memberAction(admin, PUPIL.username, 'Suspend…');
    await openDialog(admin).getByLabel('Reason').fill(REASON);
    await openDialog(admin).getByRole('button', { name: 'Suspend' }).click();
    await toast(admin, `${PUPIL.username} is suspended`);

    // The open dashboard notices by itself (its event stream ends), without a reload.
    await pupil.waitForURL((url) => url.pathname === '/login', { timeout: 60_000 });
    await pupil.getByText('Your account is suspended.').waitFor();
    await pupil.getByText(`Reason: ${REASON}`).waitFor();

    await pupil.getByLabel('Email').fill(PUPIL.email);
    await pupil.getByLabel('Password').fill(PASSWORD);
    await pupil.getByRole('button', { name: 'Log in' }).click();
    await pupil.getByRole('alert').filter({ hasText: 'suspended' }).waitFor();
    expect(new URL(pupil.url()).pathname).toBe('/login');
  });

  it('unsuspends the pupil, who logs in again to their hosting', async () => {
    await memberAction(admin, PUPIL.username, 'Unsuspend');
    await toast(admin, `${PUPIL.username} is no longer suspended`);
    await login(pupil, PUPIL.email);
    await pupil.goto('/hosting');
    await pupil.getByRole('heading', { name: 'Hosting', level: 1 }).waitFor();
    await expect.poll(() => pupil.getByRole('button', { name: 'Create hosting' }).count()).toBe(0);
  });

  it('deletes the pupil, hosting and all, leaving nothing behind; the audit log tells the day', async () => {
    await memberAction(admin, PUPIL.username, 'Delete…');
    const dialog = openDialog(admin);
    await dialog.getByLabel(`Type ${PUPIL.username} to confirm`).fill(PUPIL.username);
    await dialog.getByRole('button', { name: 'Delete member' }).click();
    await toast(admin, new RegExp(`${PUPIL.username}`));

    // The account goes once its hosting is gone (the same delete job as a member's own).
    await expect
      .poll(
        async () => {
          await admin.goto(`/admin/members?q=${PUPIL.username}`);
          await admin.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
          await admin.waitForLoadState('networkidle');
          return admin.getByRole('button', { name: `Actions for ${PUPIL.username}` }).count();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(0);
    const report = await auditHosting(server.dataDir, trace!, database?.url);
    expect(report).toEqual({ domains: [], volumes: [], allocations: [], edgeLines: [] });

    await admin.goto('/admin/audit');
    const log = admin.getByRole('table');
    for (const action of [
      'Invitation created',
      'Account approved',
      'Plan created',
      'Member’s plan changed',
      'Account suspended',
      'Account unsuspended',
      'Account deleted',
    ]) {
      await log.getByText(action, { exact: false }).first().waitFor();
    }
    expect(await seriousAxeFindings(admin)).toEqual([]);
  });
});
