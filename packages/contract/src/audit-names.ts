/**
 * The audit log's names without zod, so that the dashboard can list them at
 * run time without loading the schemas (as step-names.ts does for job steps).
 * audit.ts builds its schemas from these.
 */

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
  // A member's own domains (docs/operators.md, "HTTPS").
  'hosting.domain_add',
  'hosting.domain_check',
  'hosting.domain_remove',
  // A member's snapshots of their disk.
  'hosting.snapshot_create',
  'hosting.snapshot_restore',
  'hosting.snapshot_delete',
  // The browser console: opening one (a ticket issued) and setting the machine account's password for it.
  'hosting.console_open',
  'hosting.console_password',
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
  // Backups: a round asked for now, a deleted hosting brought back for its member.
  'admin.backup_run',
  'admin.backup_restore',
  // What Hostbay does by itself: a backup round, a deleted hosting's backups forgotten after the grace period, a
  // machine missing from its host brought back at start, a machine found off that nobody stopped.
  'system.backup_round',
  'system.backup_expire',
  'system.hosting_recover',
  'system.hosting_stopped',
  'cli.user_create',
  'cli.admin_grant',
  'cli.admin_revoke',
] as const;

/** ok: it happened; denied: refused (wrong password, no right, a limit); failed: it went wrong. */
export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const;
