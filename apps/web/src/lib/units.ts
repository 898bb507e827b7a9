/**
 * Sizes as people read them, in the dashboard's language: the API counts memory in MB and disk in GB,
 * but "15,872 MB" of host memory reads better as "15.5 GB".
 */
function unit(value: number, name: 'megabyte' | 'gigabyte' | 'terabyte', language: string): string {
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
