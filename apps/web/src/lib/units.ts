/**
 * Sizes as people read them, in the dashboard's language: the API counts memory in MB and disk in GB,
 * but "15,872 MB" of host memory reads better as "15.5 GB".
 */
function unit(value: number, name: (typeof BYTE_UNITS)[number], language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: name, maximumFractionDigits: 1 }).format(value);
}

export function formatMemory(mb: number, language: string): string {
  return mb < 1024 ? unit(mb, 'megabyte', language) : unit(mb / 1024, 'gigabyte', language);
}

export function formatDisk(gb: number, language: string): string {
  return gb < 1024 ? unit(gb, 'gigabyte', language) : unit(gb / 1024, 'terabyte', language);
}

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A share as a whole percentage ("38%"); over 100% when more is allotted than there is. */
export function formatPercent(part: number, whole: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
    whole > 0 ? part / whole : 0,
  );
}

/** Intl's byte units, each 1024 times the one before (as the API's MB and GB are). */
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A number of bytes in the largest unit it fills: 1.3 and gigabyte for 1.3 GiB. */
function scaleBytes(bytes: number): [number, (typeof BYTE_UNITS)[number]] {
  let value = bytes;
  let step = 0;
  while (value >= 1024 && step < BYTE_UNITS.length - 1) {
    value /= 1024;
    step += 1;
  }
  return [value, BYTE_UNITS[step] ?? 'byte'];
}

/** A size given in bytes (a snapshot's), in the largest unit it fills: "1.3 GB". */
export function formatBytes(bytes: number, language: string): string {
  const [value, name] = scaleBytes(bytes);
  return unit(value, name, language);
}

/** A rate in bytes per second (a disk's or network's), in the largest unit it fills: "1.3 MB/s". */
export function formatByteRate(bytesPerSecond: number, language: string): string {
  const [value, name] = scaleBytes(bytesPerSecond);
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: `${name}-per-second`,
    maximumFractionDigits: 1,
  }).format(value);
}

/** A share already in percent (0 to 100, a CPU's): "42.5%". */
export function formatPercentValue(percent: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(percent / 100);
}
