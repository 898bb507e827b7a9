import type { AuditEntry } from '@hostbay/contract/audit';
import { api } from '../client';
import { adminListQuery, listQueryString } from './admin';

/** The audit log's filters as the API takes them (AuditQueryParams): empty ones are left out of the request. */
export interface AuditRequestFilters extends Record<string, string> {
  action: string;
  result: string;
  actor: string;
  target: string;
  /** ISO datetimes: from `since` (inclusive) to `until` (exclusive). */
  since: string;
  until: string;
}

/** The log, newest first, a page at a time. */
export function auditListQuery(filters: AuditRequestFilters) {
  return adminListQuery<AuditEntry>('/admin/audit', filters);
}

/** Every entry that matches the filters, as the API's CSV file. */
export function exportAuditCsv(filters: AuditRequestFilters): Promise<Blob> {
  return api.download(`/admin/audit/export.csv${listQueryString(filters, null)}`);
}
