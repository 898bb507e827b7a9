/**
 * HOSTBAY_BACKUP_SCHEDULE (a five-field cron expression in the host's time zone) as the operator
 * would say it, for the common shapes: every day, one weekday, one day of the month, every hour.
 * Anything else (lists, ranges, steps, seconds) is shown as the cron text itself.
 */
export type SimpleSchedule =
  | { kind: 'hourly'; minute: number }
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'weekly'; weekday: number; hour: number; minute: number }
  | { kind: 'monthly'; day: number; hour: number; minute: number };

/** The nicknames croner (the API's scheduler) accepts, as the fields they stand for. */
const NICKNAMES: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

/** One plain number within [min, max]; undefined for `*`, a list, a range or a step. */
function single(field: string, min: number, max: number): number | undefined {
  if (!/^\d{1,2}$/.test(field)) return undefined;
  const value = Number(field);
  return value >= min && value <= max ? value : undefined;
}

export function simpleSchedule(cron: string): SimpleSchedule | null {
  const text = cron.trim().toLowerCase();
  const fields = (NICKNAMES[text] ?? text).split(/\s+/);
  if (fields.length !== 5) return null;
  const [minuteField = '', hourField = '', dayField = '', monthField = '', weekdayField = ''] = fields;
  const minute = single(minuteField, 0, 59);
  if (minute === undefined || monthField !== '*') return null;
  if (hourField === '*') return dayField === '*' && weekdayField === '*' ? { kind: 'hourly', minute } : null;
  const hour = single(hourField, 0, 23);
  if (hour === undefined) return null;
  if (dayField === '*' && weekdayField === '*') return { kind: 'daily', hour, minute };
  if (dayField === '*') {
    const weekday = single(weekdayField, 0, 7);
    // cron counts Sunday as 0 and as 7.
    return weekday === undefined ? null : { kind: 'weekly', weekday: weekday % 7, hour, minute };
  }
  const day = single(dayField, 1, 31);
  return day !== undefined && weekdayField === '*' ? { kind: 'monthly', day, hour, minute } : null;
}

/** A time of day in the reader's way of writing it ("3:00 AM", "오전 3:00"). */
export function formatTimeOfDay(hour: number, minute: number, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(
    new Date(2000, 0, 1, hour, minute),
  );
}

/** A weekday's name, 0 being Sunday (1 January 2023 was one). */
export function formatWeekday(weekday: number, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long' }).format(new Date(2023, 0, 1 + weekday));
}
