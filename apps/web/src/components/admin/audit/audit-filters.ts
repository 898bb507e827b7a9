import { AUDIT_ACTIONS, AUDIT_RESULTS } from '@hostbay/contract/audit-names';
import type { AuditAction, AuditResult } from '@hostbay/contract/audit';
import { useSearchParams } from 'react-router';
import type { AuditRequestFilters } from '../../../api/queries/admin-audit';

/**
 * The audit page's filters, as they stand in the address (`?action=auth.login&since=2025-03-01`), so
 * that a filtered log survives a reload and can be linked. Dates are the admin's calendar days;
 * the request turns them into instants in the admin's time zone.
 */
export interface AuditFilters {
  action: AuditAction | '';
  result: AuditResult | '';
  /** A member's id: set by clicking an actor. */
  actor: string;
  target: string;
  /** YYYY-MM-DD, as a date input gives it. */
  since: string;
  until: string;
}

export type AuditFilterKey = keyof AuditFilters;

const KEYS: readonly AuditFilterKey[] = ['action', 'result', 'actor', 'target', 'since', 'until'];
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Local midnight at the start of `day` plus `offset` days; undefined for anything but a real date. */
export function startOfLocalDay(day: string, offset = 0): Date | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, date);
  // 2025-02-31 would roll over into March: not a date anyone picked.
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== date) return undefined;
  return new Date(year, month, date + offset);
}

/** What the address says, with anything the API would refuse (an unknown action, a malformed date) left out. */
export function readAuditFilters(params: URLSearchParams): AuditFilters {
  const get = (key: AuditFilterKey) => params.get(key)?.trim() ?? '';
  const action = get('action');
  const result = get('result');
  const since = get('since');
  const until = get('until');
  return {
    action: isOneOf(AUDIT_ACTIONS, action) ? action : '',
    result: isOneOf(AUDIT_RESULTS, result) ? result : '',
    actor: get('actor'),
    target: get('target'),
    since: startOfLocalDay(since) ? since : '',
    until: startOfLocalDay(until) ? until : '',
  };
}

/** The filters as the API takes them: `since` from the start of its day, `until` to the end of its day. */
export function auditRequestFilters(filters: AuditFilters): AuditRequestFilters {
  return {
    action: filters.action,
    result: filters.result,
    actor: filters.actor,
    target: filters.target,
    since: startOfLocalDay(filters.since)?.toISOString() ?? '',
    // The API's `until` is exclusive: the next day's midnight keeps the whole of the chosen day.
    until: startOfLocalDay(filters.until, 1)?.toISOString() ?? '',
  };
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return KEYS.some((key) => filters[key] !== '');
}

/** The address's query with one filter set (or removed, when empty): for links and for the filter bar. */
export function withAuditFilter(params: URLSearchParams, key: AuditFilterKey, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === '') next.delete(key);
  else next.set(key, value);
  return next;
}

/** The filters in the address, and how to change them (in place: a filter change is not a page to go back to). */
export function useAuditFilters() {
  const [params, setParams] = useSearchParams();
  const filters = readAuditFilters(params);
  return {
    params,
    filters,
    setFilter: (key: AuditFilterKey, value: string) =>
      setParams((current) => withAuditFilter(current, key, value), { replace: true }),
    clear: () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const key of KEYS) next.delete(key);
          return next;
        },
        { replace: true },
      ),
  };
}
