import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, startApiServer, type ApiServer } from './api-server';
import { launchBrowser, seriousAxeFindings } from './browser';

const OUT = join(REPO_ROOT, 'docs/screenshots');
const WIDTHS = [375, 768, 1280] as const;
const PASSWORD = 'correct horse battery';
const ADMIN = { email: 'head@school.example', username: 'headteacher' };
const MEMBERS = ['kim-minjun', 'lee-seoyeon', 'park-jiho', 'choi-yuna', 'jung-hana'] as const;

let server: ApiServer;
let browser: Browser;

/** The API as the admin, for setting the scene the screenshots show. */
async function call(token: string | null, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = (await response.json()) as { data: unknown; message: string };
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${json.message}`);
  return json.data;
}

async function tokenOf(email: string): Promise<string> {
  const session = (await call(null, 'POST', '/auth/login', { email, password: PASSWORD })) as { access_token: string };
  return session.access_token;
}

/**
 * An installation in use: members in each status, two plans, a suspended
 * member, invitations in several states and hostings being created (the
 * stand-in disk keeps them at wait_guest), so every admin page has rows.
 */
async function setTheScene(): Promise<void> {
  const made = await runCli(
    server,
    ['user', 'create', '--admin', '--email', ADMIN.email, '--username', ADMIN.username, '--password-stdin'],
    `${PASSWORD}\n`,
  );
  expect(made.code, made.output).toBe(0);
  const admin = await tokenOf(ADMIN.email);
  const lab = (await call(admin, 'POST', '/admin/plans', { name: 'Lab', vcpus: 2, memory_mb: 2048, disk_gb: 20 })) as {
    id: string;
  };
  await call(admin, 'POST', '/admin/plans', { name: 'Staff', vcpus: 4, memory_mb: 4096, disk_gb: 40 });
  const ids: string[] = [];
  for (const username of MEMBERS) {
    const user = (await call(null, 'POST', '/auth/register', {
      email: `${username}@school.example`,
      username,
      password: PASSWORD,
    })) as { id: string };
    ids.push(user.id);
  }
  // The last one stays waiting for approval.
  for (const id of ids.slice(0, -1)) await call(admin, 'POST', `/admin/users/${id}/approve`);
  await call(admin, 'PUT', `/admin/users/${ids[0]}/plan`, { plan_id: lab.id });
  for (const username of MEMBERS.slice(0, 2))
    await call(await tokenOf(`${username}@school.example`), 'POST', '/hosting', {});
  await call(admin, 'POST', `/admin/users/${ids[3]}/suspend`, { reason: 'Exam week: the lab is closed' });
  await call(admin, 'POST', '/admin/invitations', { email: 'new.teacher@school.example', expires_in_days: 7 });
  const revoked = (await call(admin, 'POST', '/admin/invitations', { expires_in_days: 30 })) as { id: string };
  await call(admin, 'POST', `/admin/invitations/${revoked.id}/revoke`);
  await call(admin, 'POST', '/admin/invitations', { expires_in_days: 1 });
}

async function shoot(page: Page, name: string, fullPage = true) {
  await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 10_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

async function adminPage(width: number, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const ko = locale.startsWith('ko');
  await page.goto('/login');
  await page.getByLabel(ko ? '이메일' : 'Email').fill(ADMIN.email);
  await page.getByLabel(ko ? '비밀번호' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: ko ? '로그인' : 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

const PAGES = [
  { path: '/admin', name: 'overview', heading: { en: 'Overview', ko: '개요' } },
  { path: '/admin/members', name: 'members', heading: { en: 'Members', ko: '회원' } },
  { path: '/admin/hostings', name: 'hostings', heading: { en: 'Hostings', ko: '호스팅' } },
  { path: '/admin/invitations', name: 'invitations', heading: { en: 'Invitations', ko: '초대' } },
  { path: '/admin/plans', name: 'plans', heading: { en: 'Plans', ko: '플랜' } },
  { path: '/admin/audit', name: 'audit', heading: { en: 'Audit log', ko: '감사 로그' } },
] as const;

/** The operator console's pages at phone, tablet and desktop widths, and in Korean, kept in docs/screenshots. */
describe('screenshots of the operator console', () => {
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    server = await startApiServer({ HOSTBAY_SIGNUP: 'approval' });
    browser = await launchBrowser();
    await setTheScene();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(WIDTHS)('every admin page at %i px', async (width) => {
    const page = await adminPage(width);
    for (const { path, name, heading } of PAGES) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading.en, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await shoot(page, `admin-${name}-${width}`);
      expect(await seriousAxeFindings(page), `${name} at ${width}`).toEqual([]);
    }
    await page.context().close();
  });

  it.each(WIDTHS)('every admin page in Korean at %i px', async (width) => {
    const page = await adminPage(width, 'ko-KR');
    for (const { path, name, heading } of PAGES) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading.ko, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await shoot(page, `admin-${name}-ko-${width}`);
    }
    await page.context().close();
  });

  it('the member screens of sign-up modes and suspension', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'en-US',
      viewport: { width: 375, height: 860 },
    });
    const page = await context.newPage();
    await page.goto('/register');
    await page.getByText('New accounts wait for an administrator’s approval').waitFor();
    await shoot(page, 'register-approval-375');
    await page.goto('/login');
    await page.getByLabel('Email').fill(`${MEMBERS[3]}@school.example`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'suspended' }).waitFor();
    await shoot(page, 'login-suspended-375');
    await page.getByLabel('Email').fill(`${MEMBERS[4]}@school.example`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    await shoot(page, 'dashboard-pending-375');
    await context.close();
  });
});
