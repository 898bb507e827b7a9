import type { HostingUsage, UsagePoint, UsageRange } from '@hostbay/contract/usage';
import { formatByteRate, formatBytes, formatPercentValue } from '../../../lib/units';

type Metric = Exclude<keyof UsagePoint, 'at'>;
export type ChartId = 'cpu' | 'memory' | 'disk' | 'network';
export type SeriesId = 'cpu' | 'memory' | 'diskRead' | 'diskWrite' | 'networkIn' | 'networkOut';

export interface SeriesSpec {
  id: SeriesId;
  metric: Metric;
  colour: string;
  /** The second line of a chart is dashed: the two tell apart without colour. */
  dash?: number[];
}

export interface ChartSpec {
  id: ChartId;
  series: SeriesSpec[];
  format: (value: number, language: string) => string;
  /** Steps the scale's ticks may take; uPlot's own (1, 2, 5 times a power of ten) otherwise. */
  increments?: number[];
  /** A fixed top of the scale (CPU's 100 %, the machine's memory); the highest value otherwise. */
  max?: (usage: HostingUsage) => number;
}

/** How far back each range looks: the chart spans all of it, however few points there are yet. */
export const RANGE_SECONDS: Record<UsageRange, number> = { '1h': 3600, '24h': 86_400, '30d': 30 * 86_400 };

/** Ticks at 1, 2 and 5 times a power of 1024 ("1 MB", "2 MB"), not of ten ("976.6 kB"): sizes are shown in 1024s. */
const BYTE_INCREMENTS = [0, 1, 2, 3, 4].flatMap((power) =>
  [1, 2, 5, 10, 20, 50, 100, 200, 500].map((step) => step * 1024 ** power),
);

// The dashboard's primary and success colours (styles/tokens.css): canvas needs them as values.
const FIRST = '#3a4fd6';
const SECOND = '#16794a';

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'cpu',
    series: [{ id: 'cpu', metric: 'cpu_percent', colour: FIRST }],
    format: formatPercentValue,
    max: () => 100,
  },
  {
    id: 'memory',
    series: [{ id: 'memory', metric: 'memory_bytes', colour: FIRST }],
    format: formatBytes,
    increments: BYTE_INCREMENTS,
    max: (usage) => usage.memory_bytes,
  },
  {
    id: 'disk',
    series: [
      { id: 'diskRead', metric: 'disk_read_bytes_per_second', colour: FIRST },
      { id: 'diskWrite', metric: 'disk_write_bytes_per_second', colour: SECOND, dash: [6, 4] },
    ],
    format: formatByteRate,
    increments: BYTE_INCREMENTS,
  },
  {
    id: 'network',
    series: [
      { id: 'networkIn', metric: 'network_in_bytes_per_second', colour: FIRST },
      { id: 'networkOut', metric: 'network_out_bytes_per_second', colour: SECOND, dash: [6, 4] },
    ],
    format: formatByteRate,
    increments: BYTE_INCREMENTS,
  },
];

/** The chart's columns (uPlot's aligned data): times in seconds, then one column per series. */
export type ChartColumns = [number[], ...(number | null)[][]];

/**
 * The points as columns. Where more than two intervals pass without a point (the machine was stopped,
 * Hostbay was down), a null is put in, so that the line breaks there rather than bridging the gap.
 */
export function chartColumns(usage: HostingUsage, chart: ChartSpec): ChartColumns {
  const times: number[] = [];
  const columns: (number | null)[][] = chart.series.map(() => []);
  let previous: number | undefined;
  for (const point of usage.points) {
    const at = Date.parse(point.at) / 1000;
    if (previous !== undefined && at - previous > 2 * usage.resolution_seconds) {
      times.push(previous + usage.resolution_seconds);
      for (const column of columns) column.push(null);
    }
    times.push(at);
    chart.series.forEach((series, index) => columns[index]?.push(point[series.metric]));
    previous = at;
  }
  return [times, ...columns];
}

/**
 * A series' latest value and its highest over the range, for the text beside the chart; null when it has
 * none (the network of a machine on user-mode networking, which the host cannot count).
 */
export function seriesSummary(usage: HostingUsage, series: SeriesSpec): { latest: number; peak: number } | null {
  let latest: number | null = null;
  let peak = -Infinity;
  for (const point of usage.points) {
    const value = point[series.metric];
    if (value === null) continue;
    latest = value;
    peak = Math.max(peak, value);
  }
  return latest === null ? null : { latest, peak };
}
