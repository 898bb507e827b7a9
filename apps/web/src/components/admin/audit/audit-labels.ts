import { AUDIT_ACTIONS } from '@hostbay/contract/audit-names';
import type { AuditAction } from '@hostbay/contract/audit';
import type { TFunction } from 'i18next';

/** The part of an action's name before the dot: who or what acts. */
export type AuditArea = AuditAction extends `${infer Area}.${string}` ? Area : never;

/** The actions by area, in the contract's order: the action filter's groups. */
export const ACTIONS_BY_AREA = AUDIT_ACTIONS.reduce<[AuditArea, AuditAction[]][]>((groups, action) => {
  const area = action.slice(0, action.indexOf('.')) as AuditArea;
  const group = groups.find(([name]) => name === area);
  if (group) group[1].push(action);
  else groups.push([area, [action]]);
  return groups;
}, []);

/**
 * An action in words: the member's wording (`activity.actions`), except where it would be
 * ambiguous in a log of everyone's actions ("Plan changed" is both a member's plan and a plan's limits).
 */
export function actionLabel(action: AuditAction, t: TFunction): string {
  switch (action) {
    case 'admin.user_plan':
      return t('admin.audit.actions.admin.user_plan');
    case 'admin.plan_update':
      return t('admin.audit.actions.admin.plan_update');
    default:
      return t(`activity.actions.${action}`);
  }
}

const TARGET_KINDS = ['user', 'hosting', 'invitation', 'plan', 'domain', 'snapshot'] as const;

/** A target's kind in words; a kind this dashboard does not know yet is shown as the API names it. */
export function targetKindLabel(kind: string, t: TFunction): string {
  const known = TARGET_KINDS.find((name) => name === kind);
  return known ? t(`admin.audit.target.kinds.${known}`) : kind;
}
