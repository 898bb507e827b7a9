import { describe, expect, it } from 'vitest';
import { PrometheusRegistry } from '../../../src/adapters/metrics/prometheus-registry.js';
import type { ScrapeReadings } from '../../../src/modules/metrics/metrics.ports.js';

const QUIET: ScrapeReadings = { hostings: [], jobsWaiting: 0, usage: [], storage: undefined };

/** The samples of one metric family: `name{labels} value` lines, labels as written. */
function samples(text: string, name: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) found[match[2] ?? ''] = Number(match[3]);
  }
  return found;
}

describe('PrometheusRegistry', () => {
  it('counts a step by job, step and result, and a failed one among the failures of that step', async () => {
    const registry = new PrometheusRegistry();
    registry.stepFinished({ job: 'create', step: 'define_vm', seconds: 0.3, ok: true });
    registry.stepFinished({ job: 'create', step: 'probe_site', seconds: 12, ok: false });
    registry.stepFinished({ job: 'delete', step: 'delete_vm', seconds: 0.05, ok: true });
    const text = await registry.render(QUIET);

    expect(samples(text, 'hostbay_job_step_duration_seconds_count')).toEqual({
      '{job_kind="create",step="define_vm",result="ok"}': 1,
      '{job_kind="create",step="probe_site",result="failed"}': 1,
      '{job_kind="delete",step="delete_vm",result="ok"}': 1,
    });
    // 0.3 s lands in the 0.5 s bucket, not in the 0.25 s one.
    const buckets = samples(text, 'hostbay_job_step_duration_seconds_bucket');
    expect(buckets['{le="0.25",job_kind="create",step="define_vm",result="ok"}']).toBe(0);
    expect(buckets['{le="0.5",job_kind="create",step="define_vm",result="ok"}']).toBe(1);
    expect(buckets['{le="300",job_kind="create",step="probe_site",result="failed"}']).toBe(1);
    expect(samples(text, 'hostbay_job_step_failures_total')).toEqual({ '{job_kind="create",step="probe_site"}': 1 });
  });

  it('counts edge reloads by result and their failures; logins by reason, every reason from zero', async () => {
    const registry = new PrometheusRegistry();
    registry.reloadFinished({ seconds: 0.04, ok: true });
    registry.reloadFinished({ seconds: 0.2, ok: false });
    registry.loginFailed('bad_credentials');
    registry.loginFailed('bad_credentials');
    registry.loginFailed('locked_out');
    const text = await registry.render(QUIET);

    expect(samples(text, 'hostbay_edge_reload_duration_seconds_count')).toEqual({
      '{result="ok"}': 1,
      '{result="failed"}': 1,
    });
    expect(samples(text, 'hostbay_edge_reload_failures_total')).toEqual({ '': 1 });
    expect(samples(text, 'hostbay_login_failures_total')).toEqual({
      '{reason="bad_credentials"}': 2,
      '{reason="locked_out"}': 1,
      '{reason="rate_limited"}': 0,
    });
  });

  it('labels API answers by method, route pattern and status', async () => {
    const registry = new PrometheusRegistry();
    registry.requestFinished({ method: 'GET', route: '/api/v1/admin/users/:id', status: 200, seconds: 0.002 });
    registry.requestFinished({ method: 'GET', route: '/api/v1/admin/users/:id', status: 200, seconds: 0.004 });
    registry.requestFinished({ method: 'POST', route: 'unmatched', status: 404, seconds: 0.001 });
    const text = await registry.render(QUIET);
    expect(samples(text, 'hostbay_http_request_duration_seconds_count')).toEqual({
      '{method="GET",route="/api/v1/admin/users/:id",status="200"}': 2,
      '{method="POST",route="unmatched",status="404"}': 1,
    });
  });

  it('sets the gauges from each scrape, and drops the series of what is gone', async () => {
    const registry = new PrometheusRegistry();
    const usage = {
      cpuPercent: 12.5,
      memoryBytes: 300e6,
      diskReadBytesPerSecond: 1000,
      diskWriteBytesPerSecond: 2000,
      networkInBytesPerSecond: null,
      networkOutBytesPerSecond: 40,
    };
    const first = await registry.render({
      hostings: [
        { state: 'RUNNING', count: 3, oldestSeconds: 86400 },
        { state: 'CREATING', count: 1, oldestSeconds: 1000 },
      ],
      jobsWaiting: 2,
      usage: [
        { hostingId: 'h-1', usage },
        { hostingId: 'h-2', usage: { ...usage, cpuPercent: 99 } },
      ],
      storage: { freeBytes: 5e9, sizeBytes: 100e9 },
    });
    expect(samples(first, 'hostbay_hostings')).toEqual({ '{state="RUNNING"}': 3, '{state="CREATING"}': 1 });
    expect(samples(first, 'hostbay_hostings_longest_in_state_seconds')).toMatchObject({ '{state="CREATING"}': 1000 });
    expect(samples(first, 'hostbay_jobs_waiting')).toEqual({ '': 2 });
    expect(samples(first, 'hostbay_hosting_cpu_percent')).toEqual({
      '{hosting_id="h-1"}': 12.5,
      '{hosting_id="h-2"}': 99,
    });
    expect(samples(first, 'hostbay_hosting_network_out_bytes_per_second')).toEqual({
      '{hosting_id="h-1"}': 40,
      '{hosting_id="h-2"}': 40,
    });
    // libvirt does not see user networking's NIC: no series rather than a made-up 0.
    expect(samples(first, 'hostbay_hosting_network_in_bytes_per_second')).toEqual({});
    expect(samples(first, 'hostbay_storage_free_bytes')).toEqual({ '': 5e9 });
    expect(samples(first, 'hostbay_storage_size_bytes')).toEqual({ '': 100e9 });

    const second = await registry.render({
      hostings: [{ state: 'RUNNING', count: 4, oldestSeconds: 86460 }],
      jobsWaiting: 0,
      usage: [{ hostingId: 'h-2', usage }],
      storage: undefined,
    });
    expect(samples(second, 'hostbay_hosting_cpu_percent')).toEqual({ '{hosting_id="h-2"}': 12.5 });
    // A pool that cannot be read is no full disk: the gauges are absent, not 0.
    expect(second).not.toContain('hostbay_storage_free_bytes');
    expect(second).not.toContain('hostbay_storage_size_bytes');
    const third = await registry.render({ ...QUIET, storage: { freeBytes: 4e9, sizeBytes: 100e9 } });
    expect(samples(third, 'hostbay_storage_free_bytes')).toEqual({ '': 4e9 });
  });

  it("reports the process's own metrics under the hostbay_ prefix, in the text format's content type", async () => {
    const registry = new PrometheusRegistry();
    const text = await registry.render(QUIET);
    expect(text).toMatch(/^hostbay_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^hostbay_nodejs_heap_size_used_bytes \d/m);
    expect(registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
