import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hosting } from '@hostbay/contract/hosting';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startAcmeLab, type AcmeLab } from '../../../api/test/support/acme-lab';
import { eventually, getOverTls, getPlain } from '../../../api/test/support/tls-client';
import { ApiSession } from '../../../api/test/e2e/support/api-client';
import {
  runCli,
  startHostbay,
  waitForTemplate,
  type HostbayProcess,
} from '../../../api/test/e2e/support/hostbay-process';
import { removeTestInstallation } from '../../../api/test/e2e/support/leak-audit';
import { launchBrowser } from './browser';
import { SHOTS, shootAtWidths, story } from './scenario-support';

const BASE = 'hostbay.test';
const MEMBER_ZONE = 'members-own.test';
const DOMAIN = `www.${MEMBER_ZONE}`;
const username = `tls${Date.now().toString(36)}`;
const email = `${username}@example.org`;
const password = 'a long enough password';
const admin = { email: 'https-admin@example.org', username: 'httpsadmin', password: 'the admin password' };

let lab: AcmeLab;
let hostbay: HostbayProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
let root: string;
let httpPort: number;
let tlsPort: number;

async function explainFailure(name: string) {
  const shot = join(tmpdir(), `https-failure-${Date.now()}.png`);
  await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  console.log(`HTTPS e2e failed at "${name}"; screen: ${shot}\nHostbay log (end):\n${hostbay?.output().slice(-6000)}`);
}

const chapter = story(explainFailure);

const LOGIN_WORDS = {
  'en-US': { email: 'Email', password: 'Password', submit: 'Log in' },
  'ko-KR': { email: '이메일', password: '비밀번호', submit: '로그인' },
} as const;

/** A new browser context in `locale`, signed in over HTTPS as `who`; close it with `page.context().close()`. */
async function signedIn(locale: keyof typeof LOGIN_WORDS, who: { email: string; password: string }): Promise<Page> {
  const context = await browser!.newContext({
    locale,
    viewport: { width: 1280, height: 900 },
    ignoreHTTPSErrors: true,
  });
  const signedInPage = await context.newPage();
  const words = LOGIN_WORDS[locale];
  await signedInPage.goto(`https://${BASE}:${tlsPort}/login`);
  await signedInPage.getByLabel(words.email).fill(who.email);
  await signedInPage.getByLabel(words.password).fill(who.password);
  await signedInPage.getByRole('button', { name: words.submit }).click();
  await signedInPage.waitForURL((url) => url.pathname !== '/login');
  return signedInPage;
}

/**
 * HOSTBAY_TLS=acme against Pebble (Let's Encrypt's test server) and knot for DNS, with a real VM and a
 * real browser: the dashboard, a member's site and the member's own domain answer over HTTPS with
 * certificates Hostbay obtained itself; plain HTTP redirects. Chromium resolves every name to 127.0.0.1
 * (nothing leaves loopback) and is told to accept the test CA; each chain is verified against Pebble's
 * root separately, as a visitor's system would.
 */
describe('HTTPS of its own: dashboard, site and own domain over HTTPS (real VM, real browser)', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    const base = 20000 + randomInt(0, 100) * 100;
    httpPort = base;
    tlsPort = base + 2;
    lab = await startAcmeLab({ zones: [BASE, MEMBER_ZONE], httpPort });
    await lab.setA(BASE, '127.0.0.1');
    await lab.setA(`*.${BASE}`, '127.0.0.1');
    hostbay = await startHostbay({
      base,
      env: {
        HOSTBAY_BASE_DOMAIN: BASE,
        HOSTBAY_TLS: 'acme',
        HOSTBAY_TLS_PORT: String(tlsPort),
        HOSTBAY_ACME_DIRECTORY: lab.directoryUrl,
        HOSTBAY_ACME_CA_FILE: lab.directoryCaFile,
        HOSTBAY_DNS_RESOLVERS: `${lab.dns.host}:${lab.dns.port}`,
        HOSTBAY_TLS_CHECK_INTERVAL: '2s',
      },
    });
    await waitForTemplate(hostbay);
    root = await lab.issuingRootPem();
    // Every name the test visits is served by this machine's edge.
    browser = await launchBrowser(['--host-resolver-rules=MAP * 127.0.0.1']);
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
      ignoreHTTPSErrors: true,
    });
    page = await context.newPage();
    api = new ApiSession(hostbay.port);
  });

  afterAll(async () => {
    await browser?.close();
    await hostbay?.stop();
    if (hostbay) await removeTestInstallation(hostbay.dataDir);
    await lab?.stop();
  });

  chapter('serves the dashboard over HTTPS with a certificate it obtained, and sends plain HTTP there', async () => {
    const health = await eventually(
      'the dashboard’s certificate',
      async () => {
        const answer = await getOverTls(tlsPort, BASE, root, '/api/health');
        return answer.authorized ? answer : undefined;
      },
      120_000,
    );
    expect(health.status).toBe(200);
    await page.goto(`http://${BASE}:${httpPort}/register`);
    expect(page.url()).toBe(`https://${BASE}:${tlsPort}/register`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: `Hello, ${username}` }).waitFor();
    await api.logIn(email, password);
  });

  chapter('creates a hosting: its site answers over HTTPS under its own certificate', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosting' }).click();
    await page.getByRole('button', { name: 'Create hosting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create your hosting' });
    await dialog.getByRole('button', { name: 'Create hosting' }).click();
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByText('Status: Running', { exact: true }).waitFor({ timeout: 10 * 60_000 });
    const hosting = await eventually(
      'the site’s certificate',
      async () => {
        const my = (await api.my()).body.data as Hosting | null | undefined;
        return my?.https.state === 'valid' ? my : undefined;
      },
      120_000,
    );
    expect(hosting.web_url).toBe(`https://${username}.${BASE}:${tlsPort}/`);
    const site = await getOverTls(tlsPort, `${username}.${BASE}`, root);
    expect(site, JSON.stringify(site)).toMatchObject({ status: 200, authorized: true });
    expect(site.body).toContain(username);
    expect((await getPlain(httpPort, `${username}.${BASE}`)).location).toBe(hosting.web_url);

    // The page says so, and its link opens the site over HTTPS in the browser.
    await page.reload();
    const [opened] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: /Open site/ }).click(),
    ]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(hosting.web_url);
    await opened.close();
  });

  chapter('adds the member’s own domain in the dashboard: DNS, route and certificate, then HTTPS', async () => {
    const card = page.getByRole('region', { name: 'Your own domains' });
    await card.getByLabel('Domain').fill(DOMAIN);
    await card.getByRole('button', { name: 'Add domain' }).click();
    await card.getByText('DNS records to set').first().waitFor();
    await shootAtWidths(page, 'hosting-domains-waiting', async (p) => {
      await p.getByRole('region', { name: 'Your own domains' }).getByText('DNS records to set').first().waitFor();
    });
    // The member sets the record at their DNS provider, then asks Hostbay to look.
    await lab.setA(DOMAIN, '127.0.0.1');
    await card.getByRole('button', { name: 'Check now' }).click();
    await eventually(
      'the domain’s certificate',
      async () => {
        const answer = await getOverTls(tlsPort, DOMAIN, root);
        return answer.authorized && answer.status === 200 ? answer : undefined;
      },
      120_000,
    );
    await card.getByText('Done').nth(2).waitFor({ timeout: 30_000 });
    await shootAtWidths(page, 'hosting-domains-done', async (p) => {
      await p.getByRole('region', { name: 'Your own domains' }).getByText('Done').nth(2).waitFor();
    });
    const visitor = await page.context().newPage();
    await visitor.goto(`http://${DOMAIN}:${httpPort}/`);
    expect(visitor.url()).toBe(`https://${DOMAIN}:${tlsPort}/`);
    expect(await visitor.content()).toContain(username);
    await visitor.close();
  });

  chapter('shows the member the same in Korean', async () => {
    const member = await signedIn('ko-KR', { email, password });
    await member.goto(`https://${BASE}:${tlsPort}/hosting`);
    await shootAtWidths(member, 'hosting-domains-done-ko', async (p) => {
      await p.getByRole('region', { name: '내 도메인' }).getByText(DOMAIN).first().waitFor();
    });
    await member.context().close();
  });

  chapter('shows the operator the certificates on the admin overview', async () => {
    const made = await runCli(
      hostbay!,
      ['user', 'create', '--admin', '--email', admin.email, '--username', admin.username, '--password-stdin'],
      `${admin.password}\n`,
    );
    expect(made.code, made.output).toBe(0);
    const adminPage = await signedIn('en-US', admin);
    await adminPage.goto(`https://${BASE}:${tlsPort}/admin`);
    await adminPage.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await shootAtWidths(adminPage, 'admin-overview-https', async (p) => {
      await p.getByRole('heading', { name: 'HTTPS' }).waitFor();
    });
    await adminPage.context().close();
    const koreanAdmin = await signedIn('ko-KR', admin);
    await koreanAdmin.goto(`https://${BASE}:${tlsPort}/admin`);
    await koreanAdmin.getByRole('heading', { name: '개요', level: 1 }).waitFor();
    await shootAtWidths(koreanAdmin, 'admin-overview-https-ko', async (p) => {
      await p.getByRole('heading', { name: 'HTTPS' }).waitFor();
    });
    await koreanAdmin.context().close();
  });

  chapter('removes the domain: it is no longer routed and its certificate is gone', async () => {
    const card = page.getByRole('region', { name: 'Your own domains' });
    await card.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove domain' }).click();
    await card.getByText('No domains yet.').waitFor();
    expect((await getPlain(httpPort, DOMAIN)).status).toBe(404);
    await expect(getOverTls(tlsPort, DOMAIN, root)).rejects.toThrow();
  });
});
