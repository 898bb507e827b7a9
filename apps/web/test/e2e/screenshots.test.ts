import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startApiServer, type ApiServer } from './api-server';
import { launchBrowser, seriousAxeFindings } from './browser';

const OUT = join(REPO_ROOT, 'docs/screenshots');
const WIDTHS = [375, 768, 1280] as const;
const PASSWORD = 'correct horse battery';
/** One account per width, so that every width shows the empty state, the create dialog and the password once. */
const userAt = (width: number) => ({ email: `dana${width}@example.com`, username: `dana${width}`, password: PASSWORD });

let server: ApiServer;
let browser: Browser;

/** Full-page by default; dialogs are shot as the viewport shows them (their overlay covers only the viewport). */
async function shoot(page: Page, name: string, fullPage = true) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

async function signedInPage(width: number, locale = 'en-US'): Promise<Page> {
  const user = userAt(width);
  const context = await browser.newContext({ baseURL: server.url, locale, viewport: { width, height: 860 } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(locale.startsWith('ko') ? '이메일' : 'Email').fill(user.email);
  await page.getByLabel(locale.startsWith('ko') ? '비밀번호' : 'Password').fill(user.password);
  await page.getByRole('button', { name: locale.startsWith('ko') ? '로그인' : 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 10_000 });
  return page;
}

/** Screenshots of the main screens at phone, tablet and desktop widths, kept in docs/screenshots. */
describe('screenshots of the main screens', () => {
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    server = await startApiServer();
    browser = await launchBrowser();
    for (const width of WIDTHS) {
      const register = await fetch(`${server.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(userAt(width)),
      });
      expect(register.status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(WIDTHS)('guest screens at %i px', async (width) => {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'en-US',
      viewport: { width, height: 860 },
    });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await shoot(page, `login-${width}`);
    await page.goto('/register');
    await page.getByLabel('Email').fill(userAt(width).email);
    await page.getByLabel('Username').fill('Not Valid');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Please correct the highlighted fields.').waitFor();
    await shoot(page, `register-errors-${width}`);
    await page.goto('/no-such-page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shoot(page, `not-found-${width}`);
    await context.close();
  });

  it.each(WIDTHS)('signed-in screens at %i px', async (width) => {
    const page = await signedInPage(width);
    await page.getByRole('heading', { name: `Hello, ${userAt(width).username}` }).waitFor();
    await shoot(page, `dashboard-${width}`);
    if (width < 768) {
      await page.getByRole('button', { name: 'Open menu' }).click();
      await page.getByRole('dialog', { name: 'Navigation' }).waitFor();
      await shoot(page, `menu-${width}`, false);
      await page.keyboard.press('Escape');
    }
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await shoot(page, `settings-${width}`);
    await page.goto('/hosting');
    await page.getByRole('heading', { name: 'No hosting yet' }).or(page.getByText('Status: Creating')).waitFor();
    if (await page.getByRole('heading', { name: 'No hosting yet' }).isVisible()) {
      await shoot(page, `hosting-empty-${width}`);
      await page.getByRole('button', { name: 'Create hosting' }).click();
      await page.getByRole('dialog', { name: 'Create your hosting' }).waitFor();
      await shoot(page, `hosting-create-dialog-${width}`, false);
      await page.getByRole('dialog').getByRole('button', { name: 'Create hosting' }).click();
      await page.getByRole('dialog', { name: 'Your SSH password' }).waitFor();
      await shoot(page, `hosting-password-${width}`, false);
      await page.getByRole('button', { name: 'I have saved it' }).click();
    }
    const steps = page.getByRole('region', { name: 'Setting up your hosting' });
    await steps.waitFor();
    // The same moment at every width: the machine has started and Hostbay waits for it to boot.
    await steps
      .getByRole('listitem')
      .filter({ hasText: 'Start the virtual machine' })
      .filter({ hasText: 'Done' })
      .waitFor({ timeout: 60_000 });
    await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await shoot(page, `hosting-creating-${width}`);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.context().close();
  });

  it('Korean, from the browser language', async () => {
    const page = await signedInPage(1280, 'ko-KR');
    await page.getByRole('heading', { name: `안녕하세요, ${userAt(1280).username}님` }).waitFor();
    await shoot(page, 'dashboard-ko-1280');
    await page.goto('/hosting');
    await page.getByRole('heading', { level: 1, name: '호스팅' }).waitFor();
    const steps = page.getByRole('region', { name: '호스팅을 준비하고 있습니다' });
    await steps.waitFor();
    await steps.getByRole('listitem').filter({ hasText: '가상 머신 시작' }).filter({ hasText: '완료' }).waitFor();
    await shoot(page, 'hosting-creating-ko-1280');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.context().close();
  });
});
