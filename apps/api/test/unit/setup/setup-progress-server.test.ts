import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildProgress } from '../../../src/modules/image/build-progress.js';
import { SetupProgress } from '../../../src/modules/setup/setup-progress.js';
import { openSetupPage, SETUP_STATUS_PATH, type SetupPage } from '../../../src/cli/setup-progress-server.js';
import { SilentBuildProgress } from '../../../src/modules/image/build-progress.js';

const steps = [
  { id: 'libvirt', label: 'Starting libvirt' },
  { id: 'image', label: 'Building the guest image' },
  { id: 'start', label: 'Starting Hostbay' },
];

/** Stands in for the image builder: drives the build's progress one call at a time. */
function fakeBuild(progress: BuildProgress) {
  progress.start([
    { id: 'mirror', label: 'Checking the Debian mirror', weight: 1 },
    { id: 'debootstrap', label: 'Installing Debian packages', weight: 3 },
  ]);
  return {
    phase: (id: string) => progress.phase(id),
    advance: (fraction: number, activity: string) => progress.update(fraction, activity),
  };
}

const agent = new Agent({ keepAlive: true });

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let page: SetupPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

async function started() {
  const setup = new SetupProgress(steps);
  setup.begin('libvirt');
  page = await openSetupPage(setup, { host: '127.0.0.1', port: 0 });
  return { setup, port: page.port };
}

describe('the set-up page', () => {
  it('answers at once, before any step has progressed, and refreshes itself', async () => {
    const { port } = await started();
    const res = await get(port, '/');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.body).toContain('<meta http-equiv="refresh" content="3">');
    expect(res.body).toContain('Step 1 of 3');
    expect(res.body).toContain('Starting libvirt');
    expect(res.body).toContain('Next: Building the guest image');
    // Tiny and self-contained: no scripts, nothing fetched from elsewhere.
    expect(res.body).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect(Buffer.byteLength(res.body)).toBeLessThan(8_000);
  });

  it("shows the image build's progress within its step as the build advances", async () => {
    const { setup, port } = await started();
    setup.begin('image');
    const build = fakeBuild(setup.forBuild(new SilentBuildProgress()));
    build.phase('mirror');
    expect((await get(port, '/')).body).toContain('Building the guest image · 0 %');
    build.phase('debootstrap');
    build.advance(0.5, 'unpacking nginx-light');
    const body = (await get(port, '/')).body;
    // 1 of 4 done, then half of the 3 left: 62 %.
    expect(body).toContain('Building the guest image · 62 %');
    expect(body).toContain('Part 2 of 2: Installing Debian packages');
    expect(body).toContain('unpacking nginx-light');
    expect(body).toContain('Next: Starting Hostbay');
  });

  it('speaks Korean to a Korean browser, and either language on request', async () => {
    const { setup, port } = await started();
    setup.begin('image');
    const ko = await get(port, '/', { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' });
    expect(ko.headers['content-language']).toBe('ko');
    expect(ko.body).toContain('<html lang="ko">');
    expect(ko.body).toContain('3단계 중 2단계');
    expect(ko.body).toContain('게스트 이미지 만들기');
    const en = await get(port, '/?lang=en', { 'accept-language': 'ko' });
    expect(en.body).toContain('Step 2 of 3');
  });

  it('says in words what stopped the set-up and what to do, and stops refreshing', async () => {
    const { setup, port } = await started();
    setup.begin('image');
    setup.fail('The Debian mirror http://deb.example/ did not answer. Set HOSTBAY_IMAGE_MIRROR to one that does.');
    const body = (await get(port, '/')).body;
    expect(body).toContain('The set-up stopped');
    expect(body).toContain('start ./hostbay up again');
    expect(body).toContain('Set HOSTBAY_IMAGE_MIRROR to one that does.');
    expect(body).not.toContain('http-equiv="refresh"');
  });

  it('answers every API request with a 503 envelope and Retry-After', async () => {
    const { port } = await started();
    const res = await get(port, '/api/v1/hosting/my');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.headers['content-type']).toContain('application/json');
    expect(JSON.parse(res.body)).toMatchObject({
      success: false,
      message: expect.stringContaining('setting up: starting libvirt'),
      data: null,
      error: { code: 'service_unavailable' },
    });
  });

  it('gives tools the progress as JSON on the status endpoint', async () => {
    const { setup, port } = await started();
    setup.begin('image');
    setup.update(0.4, 'unpacking libc6');
    const res = await get(port, SETUP_STATUS_PATH);
    expect(res.status).toBe(503);
    const details = (JSON.parse(res.body) as { error: { details: Record<string, unknown> } }).error.details;
    expect(details).toMatchObject({
      state: 'running',
      current: { id: 'image', fraction: 0.4, activity: 'unpacking libc6' },
      next: { id: 'start' },
    });
  });

  it('hands the port over to the real server, with no connection left that would keep a browser on the set-up page', async () => {
    const { port } = await started();
    expect((await get(port, '/')).status).toBe(503);
    const api = Fastify();
    api.get('/', async () => 'the dashboard');
    try {
      await page?.close();
      await api.listen({ host: '127.0.0.1', port });
      const res = await get(port, '/');
      expect(res.status).toBe(200);
      expect(res.body).toBe('the dashboard');
    } finally {
      await api.close();
    }
  });
});
