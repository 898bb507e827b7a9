import { z } from 'zod';

/**
 * Every action the audit log records, by name. The dashboard labels them in
 * both languages; the admin API filters by them.
 */
export const AUDIT_ACTIONS = [
  'auth.register',
  'auth.login',
  'auth.password_change',
  'auth.account_delete',
  'hosting.create',
  'hosting.delete',
  'hosting.start',
  'hosting.stop',
  'hosting.reboot',
  // A start, stop or reboot refused before its kind was known (no token, a bad body).
  'hosting.action',
  'admin.user_role',
  'admin.user_plan',
  'admin.user_suspend',
  'admin.user_unsuspend',
  'admin.user_approve',
  'admin.user_password_reset',
  'admin.user_delete',
  'admin.hosting_action',
  'admin.hosting_delete',
  'admin.invitation_create',
  'admin.invitation_revoke',
  'admin.plan_create',
  'admin.plan_update',
  'admin.plan_delete',
  'cli.user_create',
  'cli.admin_grant',
  'cli.admin_revoke',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** ok: it happened; denied: refused (wrong password, no right, a limit); failed: it went wrong. */
export const AuditResult = z.enum(['ok', 'denied', 'failed']);
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
