import type { UsageRange } from '@hostbay/contract/usage';

/**
 * English texts of the hosting page's usage card (ko: usage.ko.ts, the same keys). Loaded with the card
 * (usage-messages.ts), so the first screen does not carry them.
 */
export const usageEn = {
  title: 'Usage',
  intro: 'What your machine uses: read every 10 seconds, kept for 30 days in less detail as it ages.',
  range: {
    label: 'Time range',
    '1h': 'Last hour',
    '24h': 'Last day',
    '30d': 'Last 30 days',
  } satisfies Record<UsageRange | 'label', string>,
  loading: 'Loading the usage…',
  loadFailed: 'The usage could not be loaded',
  empty: 'No readings yet: the first appear within a minute of the machine starting.',
  charts: {
    cpu: 'CPU',
    cpuScale_one: 'Share of its {{count}} vCPU in use',
    cpuScale_other: 'Share of its {{count}} vCPUs in use',
    memory: 'Memory',
    memoryScale: 'Used, of {{total}}',
    perSecond: 'Bytes per second, averaged over each point’s interval',
    disk: 'Disk read and write',
    network: 'Network in and out',
  },
  series: {
    cpu: 'CPU',
    memory: 'Memory used',
    diskRead: 'Read',
    diskWrite: 'Written',
    networkIn: 'Received',
    networkOut: 'Sent',
  },
  /** Read with each chart by screen readers, and shown under it. */
  summary: '{{series}}: now {{latest}}, at most {{peak}}.',
  notCounted:
    'Not counted: the way this Hostbay connects machines to the network gives the host no counter for your machine’s traffic.',
};
