import type { TFunction } from 'i18next';

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(new Date(iso));
}

/** The date and the time apart, for a narrow table column that should break between them and nowhere else. */
export function formatShortDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatShortTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(epochMs));
}

/** "42 s" or "3 min 5 s", rounded down to whole seconds. */
export function formatDuration(ms: number, t: TFunction): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return t('time.seconds', { count: total });
  return t('time.minutes', { minutes: Math.floor(total / 60), seconds: total % 60 });
}
