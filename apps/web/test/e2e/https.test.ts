import { randomInt } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { Hosting } from '@hostbay/contract/hosting';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startAcmeLab, type AcmeLab } from '../../../api/test/support/acme-lab';
import { ApiSession } from '../../../api/test/e2e/support/api-client';
import {
  runCli,
  startHostbay,
  waitForTemplate,
  type HostbayProcess,
} from '../../../api/test/e2e/support/hostbay-process';
import { removeTestInstallation } from '../../../api/test/e2e/support/leak-audit';
import { REPO_ROOT } from './api-server';
import { CHROMIUM } from './browser';
import { story } from './scenario-support';

const SHOTS = join(REPO_ROOT, 'docs/screenshots');
const WIDTHS = [375, 768, 1280] as const;
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

interface TlsAnswer {
  status: number;
  body: string;
  authorized: boolean;
  error: string | null;
}

/** HTTPS to the edge as a visitor whose system trusts only Pebble's root: SNI and Host are `name`. */
function getTls(name: string, urlPath = '/'): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port: tlsPort,
          path: urlPath,
          servername: name,
          headers: { Host: name },
          ca: root,
          rejectUnauthorized: false,
          agent: false,
          timeout: 10_000,
        },
        (response) => {
          const socket = response.socket as TLSSocket;
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body,
              authorized: socket.authorized,
              error: socket.authorizationError ? String(socket.authorizationError) : null,
            }),
          );
        },
      )
      .on('error', reject);
  });
}

function getPlain(host: string, urlPath = '/'): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: httpPort, path: urlPath, headers: { Host: host }, agent: false }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      })
      .on('error', reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms (${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function explainFailure(name: string) {
  const shot = join(tmpdir(), `https-failure-${Date.now()}.png`);
  await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  console.log(`HTTPS e2e failed at "${name}"; screen: ${shot}\nHostbay log (end):\n${hostbay?.output().slice(-6000)}`);
}

const chapter = story(explainFailure);

async function shootAtWidths(target: Page, name: string, locate: (p: Page) => Promise<void>) {
  for (const width of WIDTHS) {
    await target.setViewportSize({ width, height: 900 });
    await locate(target);
    await target.waitForTimeout(300);
    await target.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await target.setViewportSize({ width: 1280, height: 900 });
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Every name the test visits is served by this machine's edge.
        '--host-resolver-rules=MAP * 127.0.0.1',
      ],
    });
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
    const health = await until('the dashboard’s certificate', async () => {
      const answer = await getTls(BASE, '/api/health');
      return answer.authorized ? answer : undefined;
    });
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
    const hosting = await until('the site’s certificate', async () => {
      const my = (await api.my()).body.data as Hosting | null | undefined;
      return my?.https.state === 'valid' ? my : undefined;
    });
    expect(hosting.web_url).toBe(`https://${username}.${BASE}:${tlsPort}/`);
    const site = await getTls(`${username}.${BASE}`);
    expect(site, JSON.stringify(site)).toMatchObject({ status: 200, authorized: true });
    expect(site.body).toContain(username);
    expect((await getPlain(`${username}.${BASE}`)).location).toBe(hosting.web_url);

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
      await p.getByRole('region', { name: 'Your own domains' }).scrollIntoViewIfNeeded();
    });
    // The member sets the record at their DNS provider, then asks Hostbay to look.
    await lab.setA(DOMAIN, '127.0.0.1');
    await card.getByRole('button', { name: 'Check now' }).click();
    await until('the domain’s certificate', async () => {
      const answer = await getTls(DOMAIN);
      return answer.authorized && answer.status === 200 ? answer : undefined;
    });
    await card.getByText('Done').nth(2).waitFor({ timeout: 30_000 });
    await shootAtWidths(page, 'hosting-domains-done', async (p) => {
      await p.getByRole('region', { name: 'Your own domains' }).scrollIntoViewIfNeeded();
    });
    const visitor = await page.context().newPage();
    await visitor.goto(`http://${DOMAIN}:${httpPort}/`);
    expect(visitor.url()).toBe(`https://${DOMAIN}:${tlsPort}/`);
    expect(await visitor.content()).toContain(username);
    await visitor.close();
  });

  chapter('shows the operator the certificates on the admin overview', async () => {
    const made = await runCli(
      hostbay!,
      ['user', 'create', '--admin', '--email', admin.email, '--username', admin.username, '--password-stdin'],
      `${admin.password}\n`,
    );
    expect(made.code, made.output).toBe(0);
    const operator = await browser!.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
      ignoreHTTPSErrors: true,
    });
    const adminPage = await operator.newPage();
    await adminPage.goto(`https://${BASE}:${tlsPort}/login`);
    await adminPage.getByLabel('Email').fill(admin.email);
    await adminPage.getByLabel('Password').fill(admin.password);
    await adminPage.getByRole('button', { name: 'Log in' }).click();
    await adminPage.goto(`https://${BASE}:${tlsPort}/admin`);
    await adminPage.getByRole('heading', { name: 'Overview' }).waitFor();
    await shootAtWidths(adminPage, 'admin-overview-https', async (p) => {
      await p.getByRole('heading', { name: 'HTTPS' }).scrollIntoViewIfNeeded();
    });
    await operator.close();
  });

  chapter('removes the domain: it is no longer routed and its certificate is gone', async () => {
    const card = page.getByRole('region', { name: 'Your own domains' });
    await card.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove domain' }).click();
    await card.getByText('No domains yet.').waitFor();
    expect((await getPlain(DOMAIN)).status).toBe(404);
    expect((await getTls(DOMAIN)).authorized).toBe(false);
  });
});
