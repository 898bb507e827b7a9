import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { HOSTBAY_ROOT } from '../../../src/config/paths.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startTestServer } from '../../support/test-server.js';
import { requestViaEdge, type HttpAnswer } from '../edge/edge-helpers.js';
import { startHarness, type Harness } from '../hosting/harness.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

const ALERTS = path.join(HOSTBAY_ROOT, 'docs/prometheus-alerts.yml');
const runner = new NodeProcessRunner();

/** GET /metrics on a port of this machine (the edge's or the API's), with the headers given. */
function getMetrics(port: number, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return requestViaEdge(port, { method: 'GET', host: '127.0.0.1', path: '/metrics', headers });
}

/**
 * promtool's verdict on a scrape: it parses the text as Prometheus does, then lints it. The only lint notes
 * allowed are prom-client's own default gauges named `_total` (active handles, requests, resources).
 */
async function promtoolProblems(text: string): Promise<string[]> {
  const result = await runner.run(['promtool', 'check', 'metrics'], { input: text });
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter(Boolean);
  // 0: clean; 3: lint notes only; anything else (1): the text did not parse.
  if (result.exitCode !== 0 && result.exitCode !== 3) return [`promtool exited ${result.exitCode}`, ...lines];
  return lines.filter((line) => !/^hostbay_nodejs_active_\w+_total non-counter metrics/.test(line));
}

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  "an operator's Prometheus reads Hostbay's metrics (%s)",
  (_, kind) => {
    let h: Harness;
    let dir: string;
    let tokenFile: string;
    let token: string;
    let prometheus: PrometheusServer;
    let running: { id: string };

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'hostbay-metrics-'));
      token = randomBytes(32).toString('hex');
      tokenFile = path.join(dir, 'metrics-token');
      await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
      h = await startHarness(
        kind,
        // The sampler every second: the running hosting has its resource gauges by the time Prometheus looks.
        { HOSTBAY_METRICS: 'token', HOSTBAY_METRICS_TOKEN_FILE: tokenFile, HOSTBAY_SAMPLE_INTERVAL: '1s' },
        4,
      );

      // One hosting goes through every step; another fails its last one and is rolled back into ERROR.
      const member = await h.newUser();
      expect((await h.api('POST', '', member.auth, { ssh_public_key: ED25519 })).statusCode).toBe(202);
      running = await h.waitForStatus(member.auth, ['RUNNING']);
      const unlucky = await h.newUser();
      h.faults.fail('probe.probe', unlucky.id, { times: 1, message: 'injected failure in probe_site' });
      expect((await h.api('POST', '', unlucky.auth, { ssh_public_key: ED25519 })).statusCode).toBe(202);
      await h.waitForStatus(unlucky.auth, ['ERROR']);

      // A few API calls, and a login with the wrong password.
      const app = h.hostbay.app;
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/admin/overview', headers: member.auth })).statusCode,
      ).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/no/such/page' })).statusCode).toBe(404);
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${member.username}@example.org`, password: 'not the password at all' },
      });
      expect(wrong.statusCode).toBe(401);
    });
    afterAll(async () => {
      await prometheus?.stop();
      await h?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('serves every metric in the text format promtool reads without a fault, to the token only', async () => {
      const edgePort = h.config.server.port;
      const scrape = await getMetrics(edgePort, { authorization: `Bearer ${token}` });
      expect(scrape.status).toBe(200);
      expect(scrape.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await promtoolProblems(scrape.body)).toEqual([]);
      expect(scrape.body).toContain(`hostbay_login_failures_total{reason="bad_credentials"} 1`);

      // Every metric the example alerts use is one Hostbay serves: a typo there would be an alert that never fires.
      const rules = (parse(await readFile(ALERTS, 'utf8')) as { groups: { rules: { expr: string }[] }[] }).groups
        .flatMap((group) => group.rules)
        .flatMap((rule) => rule.expr.match(/hostbay_[a-z_]+/g) ?? []);
      for (const name of new Set(rules)) expect(scrape.body, name).toContain(`# TYPE ${name} `);

      for (const authorization of [undefined, `Bearer ${token.slice(1)}`, `Bearer ${token}0`, `Basic ${token}`]) {
        const refused = await getMetrics(edgePort, authorization ? { authorization } : {});
        expect(refused.status, String(authorization)).toBe(401);
        expect(JSON.parse(refused.body)).toMatchObject({ success: false, error: { code: 'unauthenticated' } });
      }
    });

    it('is scraped by a real Prometheus, through the edge, whose queries give what happened', async () => {
      prometheus = await startPrometheus({
        address: `127.0.0.1:${h.config.server.port}`,
        tokenFile,
        ruleFiles: [ALERTS],
      });
      await prometheus.nextScrape();
      const value = (expr: string) => prometheus.value(expr);

      expect(await value('up{job="hostbay"}')).toBe(1);
      expect(await value('hostbay_hostings{state="RUNNING"}')).toBe(1);
      expect(await value('hostbay_hostings{state="ERROR"}')).toBe(1);
      expect(await value('hostbay_hostings{state="CREATING"}')).toBe(0);
      expect(await value('hostbay_hostings_longest_in_state_seconds{state="RUNNING"}')).toBeGreaterThan(0);
      expect(await value('hostbay_jobs_waiting')).toBe(0);

      // Both hostings defined their machine; one probe answered, the other failed and is counted by its step.
      const steps = 'hostbay_job_step_duration_seconds_count{job_kind="create"';
      expect(await value(`${steps},step="define_vm",result="ok"}`)).toBe(2);
      expect(await value(`${steps},step="probe_site",result="ok"}`)).toBe(1);
      expect(await value(`${steps},step="probe_site",result="failed"}`)).toBe(1);
      expect(await value('hostbay_job_step_failures_total{job_kind="create",step="probe_site"}')).toBe(1);
      expect(await value('sum(hostbay_job_step_failures_total)')).toBe(1);

      expect(await value('hostbay_edge_reload_duration_seconds_count{result="ok"}')).toBeGreaterThanOrEqual(1);
      expect(await value('hostbay_edge_reload_failures_total')).toBe(0);
      expect(await value('hostbay_login_failures_total{reason="bad_credentials"}')).toBe(1);
      expect(await value('hostbay_login_failures_total{reason="locked_out"}')).toBe(0);

      // Routes by their pattern: the member's polling, the refused overview, the page no route takes.
      const requests = 'hostbay_http_request_duration_seconds_count';
      expect(await value(`${requests}{method="GET",route="/api/v1/hosting/my",status="200"}`)).toBeGreaterThan(0);
      expect(await value(`${requests}{method="GET",route="/api/v1/admin/overview",status="403"}`)).toBe(1);
      expect(await value(`${requests}{method="GET",route="unmatched",status="404"}`)).toBe(1);
      expect(await value(`${requests}{route="/metrics",status="200"}`)).toBeGreaterThanOrEqual(1);
      const routes = await prometheus.query(`count by (route) (${requests})`);
      expect(routes.every(({ metric }) => metric.route === 'unmatched' || metric.route!.startsWith('/'))).toBe(true);
      expect(routes.some(({ metric }) => metric.route!.includes(running.id))).toBe(false);

      // The sampler's latest round, labelled by hosting: the running one only (the other never started).
      await expect
        .poll(() => prometheus.query('hostbay_hosting_memory_bytes'), { timeout: 10_000 })
        .toEqual([expect.objectContaining({ metric: expect.objectContaining({ hosting_id: running.id }) })]);
      expect(await value(`hostbay_hosting_cpu_percent{hosting_id="${running.id}"}`)).toBeGreaterThanOrEqual(0);

      // The storage pool's file system, as libvirt reports it.
      const free = await value('hostbay_storage_free_bytes');
      const size = await value('hostbay_storage_size_bytes');
      expect(free).toBeGreaterThan(0);
      expect(size).toBeGreaterThanOrEqual(free!);
      expect(await value('hostbay_process_resident_memory_bytes')).toBeGreaterThan(0);

      // The example alerts load and evaluate against these series; none fires on a healthy host.
      await prometheus.nextScrape();
      const rules = await prometheus.rules();
      expect(rules.length).toBeGreaterThanOrEqual(8);
      expect(rules.filter((rule) => rule.health !== 'ok')).toEqual([]);
      expect(await prometheus.query('ALERTS{alertstate="firing"}')).toEqual([]);
    });
  },
);

describe('who may read /metrics', () => {
  it('loopback (the default): this machine, directly or through the edge, but no client the edge forwards', async () => {
    // The edge believes X-Forwarded-For from 127.0.0.1, as it would from a TLS proxy in front of it.
    const h = await startHarness(DATABASE_KINDS[0]!, { HOSTBAY_EDGE_REAL_IP_FROM: '127.0.0.1' }, 1);
    try {
      const edgePort = h.config.server.port;
      const apiPort = h.hostbay.listen.port;
      const remote = { 'x-forwarded-for': '203.0.113.9' };
      expect((await getMetrics(edgePort)).status).toBe(200);
      expect((await getMetrics(apiPort)).status).toBe(200);
      // A remote client through the edge: the edge passes its address on, and the API refuses it.
      const forwarded = await getMetrics(edgePort, remote);
      expect(forwarded.status).toBe(403);
      expect(JSON.parse(forwarded.body)).toMatchObject({ success: false, data: null, error: { code: 'forbidden' } });
      // The same address straight to the API from a loopback proxy (HOSTBAY_TRUST_PROXY=loopback): refused too.
      expect((await getMetrics(apiPort, remote)).status).toBe(403);
      // A member's token opens nothing here.
      const member = await h.newUser();
      expect((await getMetrics(edgePort, { ...remote, ...member.auth })).status).toBe(403);
    } finally {
      await h.close();
    }
  });

  it('off: there is no /metrics at all, and nothing is counted', async () => {
    const t = await startTestServer(DATABASE_KINDS[0]!, { HOSTBAY_METRICS: 'off' });
    try {
      const answer = await t.server.app.inject({ method: 'GET', url: '/metrics' });
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ success: false, error: { code: 'not_found' } });
      expect(t.server.app.routeTable.some((route) => route.url === '/metrics')).toBe(false);
    } finally {
      await t.close();
    }
  });
});
