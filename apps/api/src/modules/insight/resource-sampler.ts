import type { HostUsage } from '@hostbay/contract/usage';
import { domainName } from '../vm/vm-names.js';
import type { DomainStatsReader, HostReading, HostUsageReader } from './insight.ports.js';
import { RAW_RESOLUTION } from './usage-downsampling.js';
import { hostUsage, machineUsage, type DomainReading } from './usage-rates.js';
import type { UsageRepository, UsageSample } from './usage.repository.js';
import type { LatestUsage, LatestUsageSource, MachineUsage } from './usage.types.js';

export type SampleStore = Pick<UsageRepository, 'machines' | 'insert'>;

type SamplerPart = 'host' | 'machines';

export interface ResourceSamplerDeps {
  domains: DomainStatsReader;
  host: HostUsageReader;
  store: SampleStore;
  /** Averages and prunes after each round (UsageDownsampler). */
  downsampler: { run(now: number): Promise<void> };
  intervalMs: number;
  /** pino's shape (the app's logger). */
  log: { info(detail: object, msg: string): void; warn(detail: object, msg: string): void };
  now?: () => Date;
}

/**
 * The worker's resource sampler (docs/operators.md, "Resource graphs"): every interval one reading of all
 * running machines (one `virsh domstats`) and of the host; each machine's use since the last reading is a
 * point of its hosting's graphs, and the round is kept in memory for /metrics and the admin overview.
 * Rounds never overlap (the next is timed from the end of the last); a round that fails (libvirt down) is
 * logged once per run of failures and the sampler carries on.
 */
export class ResourceSampler implements LatestUsageSource {
  private readonly now: () => Date;
  /** Each running domain's last reading, by domain name. */
  private previous = new Map<string, DomainReading>();
  private lastRound: LatestUsage | undefined;
  private hostReading: HostReading | undefined;
  private lastHost: HostUsage | undefined;
  private readonly failing: Record<SamplerPart, boolean> = { host: false, machines: false };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly deps: ResourceSamplerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Takes the first reading at once (the first points come with the second), then one every interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  latest(): LatestUsage | undefined {
    return this.lastRound;
  }

  /** The host's use at the last round; undefined before the first. */
  hostUsage(): HostUsage | undefined {
    return this.lastHost;
  }

  /** One round: the host, then the machines. Never rejects; failures are logged. */
  async sample(): Promise<void> {
    const at = this.now();
    await this.guard('host', () => this.readHost(at));
    await this.guard('machines', () => this.readMachines(at));
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.sample().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(Math.max(0, this.deps.intervalMs - (Date.now() - started)));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async readHost(at: Date): Promise<void> {
    const reading = await this.deps.host.read();
    this.lastHost = hostUsage(this.hostReading, reading, at);
    this.hostReading = reading;
  }

  private async readMachines(at: Date): Promise<void> {
    const [domains, machines] = await Promise.all([this.deps.domains.readRunning(), this.deps.store.machines()]);
    const byDomain = new Map(machines.map((machine) => [domainName(machine.id), machine]));
    const atMs = at.getTime();
    const atSeconds = Math.floor(atMs / 1000);
    const next = new Map<string, DomainReading>();
    const byHosting = new Map<string, MachineUsage>();
    const samples: UsageSample[] = [];
    for (const counters of domains) {
      // Only this installation's hostings: another installation's domains and template builds are skipped.
      const machine = byDomain.get(counters.name);
      if (!machine) continue;
      const reading = { atMs, counters };
      next.set(counters.name, reading);
      const usage = machineUsage(this.previous.get(counters.name), reading, machine.vcpus);
      if (!usage) continue;
      byHosting.set(machine.id, usage);
      samples.push({ hostingId: machine.id, at: atSeconds, usage });
    }
    // Machines that stopped drop out: when one runs again its counters start from zero.
    this.previous = next;
    this.lastRound = { at, byHosting };
    await this.deps.store.insert(RAW_RESOLUTION, samples);
    await this.deps.downsampler.run(atSeconds);
  }

  private async guard(part: SamplerPart, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      if (this.failing[part]) this.deps.log.info({ part }, 'resource sampling works again');
      this.failing[part] = false;
    } catch (error) {
      if (!this.failing[part])
        this.deps.log.warn({ err: error, part }, 'resource sampling failed; retrying each interval');
      this.failing[part] = true;
      // What the machines used is unknown now: /metrics reports nothing rather than the last good round.
      if (part === 'machines') this.lastRound = undefined;
    }
  }
}
