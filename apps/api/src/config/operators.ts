import { durationVar, readEnv, type Env } from './env-reader.js';

/** How operators run Hostbay for their members: the audit log (and, next, who may join). */
export interface OperatorsConfig {
  /** How long audit entries are kept; older ones are pruned at start and once a day. */
  auditRetentionDays: number;
}

const operatorsShape = {
  HOSTBAY_AUDIT_RETENTION: durationVar('365d', 86_400, 3650 * 86_400),
};

export function readOperatorsConfig(env: Env): OperatorsConfig {
  const vars = readEnv(env, operatorsShape);
  return { auditRetentionDays: Math.floor(vars.HOSTBAY_AUDIT_RETENTION / 86_400) };
}
