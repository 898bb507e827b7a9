import type { AuditQueryParams } from '@hostbay/contract/admin';
import type { AuditEntry } from '@hostbay/contract/audit';
import { decodeCursor } from '../admin/cursor.js';
import type { AuditQuery, AuditRecord } from './audit.types.js';

export function presentAuditEntry(record: AuditRecord): AuditEntry {
  return {
    id: String(record.id),
    at: record.at,
    actor: { kind: record.actorKind, id: record.actorId, name: record.actorName },
    action: record.action,
    target: record.targetKind ? { kind: record.targetKind, id: record.targetId, name: record.targetName } : null,
    client_ip: record.clientIp,
    request_id: record.requestId,
    result: record.result,
    detail: record.detail,
  };
}

/** The admin's filters as the log's query; the cursor is the last entry's time and id. */
export function auditQueryOf(params: Omit<AuditQueryParams, 'limit'>, limit: number): AuditQuery {
  const after = decodeCursor(params.after);
  const id = after === undefined ? undefined : Number(after.id);
  return {
    limit,
    actorId: params.actor,
    targetId: params.target,
    action: params.action,
    result: params.result,
    since: params.since === undefined ? undefined : new Date(params.since),
    until: params.until === undefined ? undefined : new Date(params.until),
    before: after === undefined || !Number.isInteger(id) ? undefined : { at: after.at, id: id! },
  };
}

/** The CSV columns, in order: what an auditor reads in a spreadsheet. */
export const AUDIT_CSV_COLUMNS = [
  'at',
  'actor_kind',
  'actor_id',
  'actor_name',
  'action',
  'target_kind',
  'target_id',
  'target_name',
  'client_ip',
  'request_id',
  'result',
  'detail',
] as const;

export function auditCsvRow(record: AuditRecord): Record<(typeof AUDIT_CSV_COLUMNS)[number], string> {
  return {
    at: record.at,
    actor_kind: record.actorKind,
    actor_id: record.actorId ?? '',
    actor_name: record.actorName ?? '',
    action: record.action,
    target_kind: record.targetKind ?? '',
    target_id: record.targetId ?? '',
    target_name: record.targetName ?? '',
    client_ip: record.clientIp ?? '',
    request_id: record.requestId ?? '',
    result: record.result,
    detail: record.detail === null ? '' : JSON.stringify(record.detail),
  };
}
