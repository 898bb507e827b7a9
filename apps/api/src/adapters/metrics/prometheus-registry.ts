import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LoginFailureReason, MetricsRegistry, ScrapeReadings } from '../../modules/metrics/metrics.ports.js';

const PREFIX = 'hostbay_';

/** Job steps take from a tenth of a second (a route added) to minutes (a guest booting under TCG). */
const STEP_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** An edge reload is tens of milliseconds with a few routes, seconds with thousands (bench/edge). */
const RELOAD_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** API answers; an event stream's lasts until it closes, so the top bucket is wide. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];

const LOGIN_FAILURE_REASONS: readonly LoginFailureReason[] = ['bad_credentials', 'locked_out', 'rate_limited'];

type MachineUsage = ScrapeReadings['usage'][number]['usage'];

/** Each per-hosting gauge: the field of the sampler's reading it shows, its name after `hostbay_hosting_`, its help. */
const USAGE_GAUGES: readonly (readonly [keyof MachineUsage, string, string])[] = [
  ['cpuPercent', 'cpu_percent', "Share of the hosting's own vCPUs in use, 0 to 100."],
  ['memoryBytes', 'memory_bytes', 'Memory the guest uses.'],
  ['diskReadBytesPerSecond', 'disk_read_bytes_per_second', 'Disk reads.'],
  ['diskWriteBytesPerSecond', 'disk_write_bytes_per_second', 'Disk writes.'],
  ['networkInBytesPerSecond', 'network_in_bytes_per_second', 'Network traffic into the machine.'],
  ['networkOutBytesPerSecond', 'network_out_bytes_per_second', 'Network traffic out of the machine.'],
];

/**
 * Hostbay's metrics in Prometheus' text format through prom-client, in a
 * registry of their own (not prom-client's global one: two Hostbays in one
 * test process must not share counters). API and worker run in one process,
 * so this one registry sees both. Counters and histograms count as things
 * happen; the gauges are set from the readings each scrape brings.
 */
export class PrometheusRegistry implements MetricsRegistry {
  readonly #registry = new Registry();
  #rendering: Promise<unknown> = Promise.resolve();

  readonly #stepSeconds: Histogram<'job_kind' | 'step' | 'result'>;
  readonly #stepFailures: Counter<'job_kind' | 'step'>;
  readonly #reloadSeconds: Histogram<'result'>;
  readonly #reloadFailures: Counter;
  readonly #requestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly #loginFailures: Counter<'reason'>;
  readonly #hostings: Gauge<'state'>;
  readonly #longestInState: Gauge<'state'>;
  readonly #jobsWaiting: Gauge;
  readonly #storage: readonly { field: 'freeBytes' | 'sizeBytes'; name: string; gauge: Gauge }[];
  readonly #usage: readonly { key: keyof MachineUsage; gauge: Gauge<'hosting_id'> }[];

  constructor() {
    const registers = [this.#registry];
    collectDefaultMetrics({ register: this.#registry, prefix: PREFIX });
    this.#stepSeconds = new Histogram({
      name: `${PREFIX}job_step_duration_seconds`,
      help: 'How long each job step took to run, by job kind, step and result (ok or failed).',
      labelNames: ['job_kind', 'step', 'result'],
      buckets: STEP_BUCKETS,
      registers,
    });
    this.#stepFailures = new Counter({
      name: `${PREFIX}job_step_failures_total`,
      help: 'Job steps that failed (a timeout, libvirt or nginx refusing), by job kind and step.',
      labelNames: ['job_kind', 'step'],
      registers,
    });
    this.#reloadSeconds = new Histogram({
      name: `${PREFIX}edge_reload_duration_seconds`,
      help: 'How long applying an edge change took, from rendering to nginx serving it, by result.',
      labelNames: ['result'],
      buckets: RELOAD_BUCKETS,
      registers,
    });
    this.#reloadFailures = new Counter({
      name: `${PREFIX}edge_reload_failures_total`,
      help: 'Edge changes that nginx refused or did not confirm; the previous configuration stayed live.',
      registers,
    });
    this.#requestSeconds = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'API answers by method, route pattern (unmatched: no route) and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.#loginFailures = new Counter({
      name: `${PREFIX}login_failures_total`,
      help: 'Refused logins: bad_credentials, locked_out (the account) or rate_limited (the client address).',
      labelNames: ['reason'],
      registers,
    });
    // Every reason from zero, so that rate() sees the first failure.
    for (const reason of LOGIN_FAILURE_REASONS) this.#loginFailures.inc({ reason }, 0);
    this.#hostings = new Gauge({
      name: `${PREFIX}hostings`,
      help: 'Hostings by state (DELETED aside).',
      labelNames: ['state'],
      registers,
    });
    this.#longestInState = new Gauge({
      name: `${PREFIX}hostings_longest_in_state_seconds`,
      help: 'Seconds since the hosting longest in this state last changed (0 when none is in it).',
      labelNames: ['state'],
      registers,
    });
    this.#jobsWaiting = new Gauge({
      name: `${PREFIX}jobs_waiting`,
      help: 'Jobs a worker could claim now and none holds.',
      registers,
    });
    // Registered at each scrape that could read the file system (see showStorage).
    const storageGauge = (field: 'freeBytes' | 'sizeBytes', name: string, help: string) => ({
      field,
      name,
      gauge: new Gauge({ name, help, registers: [] }),
    });
    this.#storage = [
      storageGauge(
        'freeBytes',
        `${PREFIX}storage_free_bytes`,
        'Space left for Hostbay on the file system of the storage pool (VM disks).',
      ),
      storageGauge('sizeBytes', `${PREFIX}storage_size_bytes`, 'Size of the file system of the storage pool.'),
    ];
    this.#usage = USAGE_GAUGES.map(([key, name, help]) => ({
      key,
      gauge: new Gauge({ name: `${PREFIX}hosting_${name}`, help, labelNames: ['hosting_id'], registers }),
    }));
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  stepFinished(step: { job: string; step: string; seconds: number; ok: boolean }): void {
    // `job_kind`, not `job`: Prometheus gives every series its scrape job's name as `job`.
    const labels = { job_kind: step.job, step: step.step };
    this.#stepSeconds.observe({ ...labels, result: step.ok ? 'ok' : 'failed' }, step.seconds);
    if (!step.ok) this.#stepFailures.inc(labels);
  }

  reloadFinished(reload: { seconds: number; ok: boolean }): void {
    this.#reloadSeconds.observe({ result: reload.ok ? 'ok' : 'failed' }, reload.seconds);
    if (!reload.ok) this.#reloadFailures.inc();
  }

  requestFinished(request: { method: string; route: string; status: number; seconds: number }): void {
    const { method, route, status, seconds } = request;
    this.#requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  loginFailed(reason: LoginFailureReason): void {
    this.#loginFailures.inc({ reason });
  }

  /** One render at a time: two scrapes at once must not interleave setting the gauges and reading them. */
  render(readings: ScrapeReadings): Promise<string> {
    const rendered = this.#rendering.then(() => this.#render(readings));
    this.#rendering = rendered.catch(() => undefined);
    return rendered;
  }

  #render(readings: ScrapeReadings): Promise<string> {
    for (const { state, count, oldestSeconds } of readings.hostings) {
      this.#hostings.set({ state }, count);
      this.#longestInState.set({ state }, oldestSeconds);
    }
    this.#jobsWaiting.set(readings.jobsWaiting);
    this.#showStorage(readings.storage);
    // Only the machines of this round: a deleted or stopped hosting's series ends.
    for (const { gauge } of this.#usage) gauge.reset();
    for (const { hostingId, usage } of readings.usage) {
      for (const { key, gauge } of this.#usage) {
        const value = usage[key];
        // null: libvirt does not see it (user networking's NIC is QEMU's own): no series rather than a false 0.
        if (value !== null) gauge.set({ hosting_id: hostingId }, value);
      }
    }
    return this.#registry.metrics();
  }

  /**
   * A gauge without labels always shows a value (0 after a reset), and 0 bytes free would read as a full
   * disk: when the file system cannot be read, the two gauges leave the registry instead, and come back.
   */
  #showStorage(storage: ScrapeReadings['storage']): void {
    for (const { field, name, gauge } of this.#storage) {
      const shown = this.#registry.getSingleMetric(name) !== undefined;
      if (storage === undefined) {
        if (shown) this.#registry.removeSingleMetric(name);
        continue;
      }
      if (!shown) this.#registry.registerMetric(gauge);
      gauge.set(storage[field]);
    }
  }
}
