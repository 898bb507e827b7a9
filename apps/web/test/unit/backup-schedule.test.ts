import { describe, expect, it } from 'vitest';
import { formatTimeOfDay, formatWeekday, simpleSchedule } from '../../src/lib/backup-schedule';

describe('backup schedule in words', () => {
  it.each([
    ['0 3 * * *', { kind: 'daily', hour: 3, minute: 0 }],
    ['30 23 * * *', { kind: 'daily', hour: 23, minute: 30 }],
    ['15 * * * *', { kind: 'hourly', minute: 15 }],
    ['0 4 * * 1', { kind: 'weekly', weekday: 1, hour: 4, minute: 0 }],
    ['0 4 * * 7', { kind: 'weekly', weekday: 0, hour: 4, minute: 0 }],
    ['0 2 1 * *', { kind: 'monthly', day: 1, hour: 2, minute: 0 }],
    ['@daily', { kind: 'daily', hour: 0, minute: 0 }],
    ['  0 3  * * *  ', { kind: 'daily', hour: 3, minute: 0 }],
  ])('reads %s', (cron, expected) => {
    expect(simpleSchedule(cron)).toEqual(expected);
  });

  it.each([
    '*/15 * * * *',
    '0 2-5 * * *',
    '0 3 * * 1-5',
    '0 3 * * 1,3',
    '0 3 1 1 *',
    '0 3 1 * 1',
    '0 0 3 * * *',
    '0 24 * * *',
    '60 3 * * *',
    '0 3 * * MON',
    'off',
  ])('leaves %s as it is', (cron) => {
    expect(simpleSchedule(cron)).toBeNull();
  });

  it('writes times and weekdays the reader’s way', () => {
    expect(formatTimeOfDay(3, 0, 'en')).toBe('3:00 AM');
    expect(formatTimeOfDay(15, 5, 'en')).toBe('3:05 PM');
    // Node's own ICU may lack Korean day periods ("오전"): the time itself is what must be there.
    expect(formatTimeOfDay(3, 0, 'ko')).toContain('3:00');
    expect(formatWeekday(0, 'en')).toBe('Sunday');
    expect(formatWeekday(1, 'en')).toBe('Monday');
    expect(formatWeekday(1, 'ko')).toBe(
      new Intl.DateTimeFormat('ko', { weekday: 'long' }).format(new Date(2024, 0, 1)),
    );
  });
});
