import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from './api-server';
import { launchBrowser, seriousAxeFindings } from './browser';

const USER = { email: 'carol@example.com', username: 'carol', password: 'correct horse battery' };

let server: ApiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function expectAccessible(label: string) {
  const findings = await seriousAxeFindings(page);
  expect(findings, `${label}: ${JSON.stringify(findings, null, 2)}`).toEqual([]);
}

/**
 * The dashboard against the real API process, in a real browser: one user's
 * journey from sign-up to deleting a hosting. The steps depend on each other.
 */
describe('dashboard in a browser, against the real API', () => {
  beforeAll(async () => {
    server = await startApiServer({ HOSTBAY_LOG_LEVEL: 'info' });
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  }, 60_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => {
      const hosting = await page
        .evaluate(async () => {
          const token = localStorage.getItem('hostbay.token');
          const res = await fetch('/api/v1/hosting/my', { headers: { authorization: `Bearer ${token}` } });
          return res.text();
        })
        .catch(String);
      console.log(`hosting now: ${hosting}\nAPI log (end):\n${server.output().slice(-6000)}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the login page to a guest, accessibly', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible('login');
  });

  it('registers a new account, which signs in and opens the dashboard', async () => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await expectAccessible('register');
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: `Hello, ${USER.username}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText('You have no hosting yet.').waitFor();
    await expectAccessible('dashboard');
  });

  it('shows the server field errors at the fields when registering a taken email', async () => {
    const guest = await browser.newPage({ baseURL: server.url });
    await guest.goto('/register');
    await guest.getByLabel('Email').fill(USER.email);
    await guest.getByLabel('Username').fill('carol2');
    await guest.getByLabel('Password').fill(USER.password);
    await guest.getByRole('button', { name: 'Create account' }).click();
    const email = guest.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await guest.getByText('An account with this email already exists.').waitFor();
    await guest.close();
  });

  it('keeps the session across a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { name: `Hello, ${USER.username}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('logs out from the user menu', async () => {
    await page.getByRole('button', { name: `Account menu for ${USER.username}` }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByText('You have been logged out.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.reload();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });

  it('shows a wrong password', async () => {
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is wrong.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('logs in', async () => {
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: `Hello, ${USER.username}` }).waitFor();
  });

  it('creates a hosting, shows the one-time password and then CREATING with its steps', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosting' }).click();
    await page.getByRole('heading', { name: 'No hosting yet' }).waitFor();
    await expectAccessible('hosting, empty');
    await page.getByRole('button', { name: 'Create hosting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create your hosting' });
    await dialog.waitFor();
    await expectAccessible('create dialog');
    await dialog.getByRole('button', { name: 'Create hosting' }).click();

    const passwordDialog = page.getByRole('dialog', { name: 'Your SSH password' });
    await passwordDialog.waitFor();
    expect((await passwordDialog.getByTestId('initial-password').textContent())?.length).toBeGreaterThan(8);
    await expectAccessible('password dialog');
    await passwordDialog.getByRole('button', { name: 'I have saved it' }).click();
    await passwordDialog.waitFor({ state: 'detached' });

    await page.getByText('Status: Creating').waitFor();
    const steps = page.getByRole('region', { name: 'Setting up your hosting' });
    await steps.waitFor();
    expect(await steps.getByRole('listitem').count()).toBe(8);
    // Updates arrive over the server-sent events stream (token in the query), not by polling.
    await page.getByText('Live updates').waitFor();
    await steps
      .getByRole('listitem')
      .filter({ hasText: 'Reserve address and ports' })
      .filter({ hasText: 'Done' })
      .waitFor({ timeout: 30_000 });
    await expectAccessible('hosting, creating');
  });

  it('deletes the hosting after confirming', async () => {
    await page.getByRole('group', { name: 'Hosting actions' }).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete your hosting?' });
    await confirm.waitFor();
    await expectAccessible('delete dialog');
    await confirm.getByRole('button', { name: 'Delete hosting' }).click();
    await page.getByText('Your hosting is being deleted.').waitFor();
    await page.getByRole('heading', { name: 'No hosting yet' }).waitFor({ timeout: 60_000 });
  });
});
