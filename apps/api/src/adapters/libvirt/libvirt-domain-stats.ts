import type { DomainCounters, DomainStatsReader } from '../../modules/insight/insight.ports.js';
import type { VirshSession } from './virsh-session.js';

/**
 * Every running domain's counters in one `virsh domstats` call: libvirt gathers them domain by domain inside
 * libvirtd, so a thousand machines cost one round trip. `--nowait` leaves out what a busy domain (a save, a
 * snapshot in progress) cannot report at once instead of waiting for it.
 */
const DOMSTATS = ['domstats', '--list-running', '--nowait', '--cpu-total', '--balloon', '--block', '--interface'];

export class LibvirtDomainStats implements DomainStatsReader {
  constructor(
    private readonly virsh: VirshSession,
    private readonly timeoutMs = 30_000,
  ) {}

  async readRunning(): Promise<DomainCounters[]> {
    return parseDomainStats(await this.virsh.run(DOMSTATS, { timeoutMs: this.timeoutMs }));
  }
}

const BALLOON_FIELDS = {
  current: 'currentKib',
  available: 'availableKib',
  usable: 'usableKib',
  unused: 'unusedKib',
  rss: 'rssKib',
} as const;

/**
 * Reads domstats' text: a `Domain: 'name'` line, then one `  key=value` line per counter. Disks and NICs are
 * numbered (`block.0.rd.bytes`, `net.1.tx.bytes`); their counters are summed per domain.
 */
export function parseDomainStats(output: string): DomainCounters[] {
  const domains: DomainCounters[] = [];
  let current: DomainCounters | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('Domain: ')) {
      const name = /^Domain: '(.*)'$/.exec(line)?.[1];
      current = name === undefined ? undefined : { name, balloon: {} };
      if (current) domains.push(current);
      continue;
    }
    const at = line.indexOf('=');
    if (!current || at < 0) continue;
    readCounter(current, line.slice(0, at), line.slice(at + 1));
  }
  return domains;
}

function readCounter(domain: DomainCounters, key: string, text: string): void {
  const value = Number(text);
  if (!Number.isFinite(value)) return;
  if (key === 'cpu.time') {
    domain.cpuTimeNs = value;
  } else if (key.startsWith('balloon.')) {
    const field = BALLOON_FIELDS[key.slice('balloon.'.length) as keyof typeof BALLOON_FIELDS];
    if (field) domain.balloon[field] = value;
  } else if (key.startsWith('block.')) {
    // Counted only when a disk reports them: a busy domain's missing ones are not a fall to zero.
    if (key.endsWith('.rd.bytes')) domain.diskReadBytes = (domain.diskReadBytes ?? 0) + value;
    else if (key.endsWith('.wr.bytes')) domain.diskWriteBytes = (domain.diskWriteBytes ?? 0) + value;
  } else if (key.startsWith('net.')) {
    // net.count=0 (user-mode networking: QEMU's own NIC) leaves the traffic unknown rather than zero.
    if (key.endsWith('.rx.bytes')) domain.networkInBytes = (domain.networkInBytes ?? 0) + value;
    else if (key.endsWith('.tx.bytes')) domain.networkOutBytes = (domain.networkOutBytes ?? 0) + value;
  }
}
