import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_RESULTS } from './audit-names.js';

/** Every action the audit log records (the names: audit-names.ts). */
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** ok: it happened; denied: refused (wrong password, no right, a limit); failed: it went wrong. */
export const AuditResult = z.enum(AUDIT_RESULTS);
export type AuditResult = z.infer<typeof AuditResult>;

export const AuditActorKind = z.enum(['user', 'anonymous', 'system', 'cli']);

export const AuditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ kind: AuditActorKind, id: z.uuid().nullable(), name: z.string().nullable() }),
  action: AuditAction,
  target: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  client_ip: z.string().nullable(),
  request_id: z.string().nullable(),
  result: AuditResult,
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
