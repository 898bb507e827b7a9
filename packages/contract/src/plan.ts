import { z } from 'zod';
import {
  DEFAULT_SNAPSHOTS_PER_HOSTING,
  PLAN_LIMIT_BOUNDS,
  PLAN_NAME_MAX_LENGTH,
  type PlanLimitName,
} from './plan-limits.js';

/**
 * Plans: what a member's hosting may have. The default plan is not stored: it
 * is the operator's HOSTBAY_VM_VCPUS, HOSTBAY_VM_MEMORY_MB and
 * HOSTBAY_VM_DISK_GB, and applies to every member without a named plan.
 */

/** The bounds of each limit live in plan-limits.ts, free of zod, for the dashboard. */
export { PLAN_LIMIT_BOUNDS };

const limit = (name: PlanLimitName, unit: string) => {
  const { min, max } = PLAN_LIMIT_BOUNDS[name];
  return z
    .number()
    .int(`expected a whole number of ${unit}`)
    .min(min, `expected at least ${min} ${unit}`)
    .max(max, `expected at most ${max} ${unit}`);
};

/** The limits a plan sets, each with its own bounds. */
export const PlanLimits = z.object({
  vcpus: limit('vcpus', 'vCPUs'),
  memory_mb: limit('memory_mb', 'MiB').describe('Memory, in MiB'),
  disk_gb: limit('disk_gb', 'GiB').describe('Disk, in GiB; a disk never shrinks'),
  snapshots: limit('snapshots', 'snapshots').describe('How many snapshots of its disk a hosting may keep'),
});
export type PlanLimits = z.infer<typeof PlanLimits>;

/** A plan's name: what admins and members read. "default" is the unstored plan's. */
export const PlanName = z
  .string()
  .trim()
  .min(1, 'expected a name')
  .max(PLAN_NAME_MAX_LENGTH, `expected at most ${PLAN_NAME_MAX_LENGTH} characters`)
  .regex(/^[^\p{Cc}]+$/u, 'expected no control characters')
  .refine((name) => name.toLowerCase() !== 'default', 'the name "default" belongs to the default plan');

export const CreatePlanRequest = PlanLimits.extend({
  name: PlanName,
  // Optional for clients written before snapshots were a plan's.
  snapshots: PlanLimits.shape.snapshots.default(DEFAULT_SNAPSHOTS_PER_HOSTING),
});
export type CreatePlanRequest = z.infer<typeof CreatePlanRequest>;

/** Any of the fields; at least one. */
export const UpdatePlanRequest = PlanLimits.extend({ name: PlanName })
  .partial()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'expected at least one of name, vcpus, memory_mb, disk_gb, snapshots',
  });
export type UpdatePlanRequest = z.infer<typeof UpdatePlanRequest>;

/** A plan as admins see it: the default one has no id. */
export const AdminPlan = PlanLimits.extend({
  id: z.uuid().nullable().describe('null for the default plan'),
  name: z.string(),
  is_default: z.boolean(),
  members: z.number().int().describe('How many members are on this plan'),
});
export type AdminPlan = z.infer<typeof AdminPlan>;

export const PlanIdParams = z.object({ id: z.uuid() });
export const UserIdParams = z.object({ id: z.uuid() });

export const AssignPlanRequest = z.object({
  plan_id: z.uuid().nullable().describe('A named plan, or null for the default plan'),
});
export type AssignPlanRequest = z.infer<typeof AssignPlanRequest>;

/** A member's plan, as the member sees it. */
export const MemberPlan = PlanLimits.extend({
  name: z.string(),
  is_default: z.boolean(),
});
export type MemberPlan = z.infer<typeof MemberPlan>;

export const UserPlanAssignment = z.object({
  user_id: z.uuid(),
  plan: MemberPlan.extend({ id: z.uuid().nullable() }),
});
export type UserPlanAssignment = z.infer<typeof UserPlanAssignment>;

/** What the member's hosting has now (0 of everything without one). */
export const PlanUsage = z.object({
  hostings: z.number().int().min(0).max(1),
  vcpus: z.number().int(),
  memory_mb: z.number().int(),
  disk_gb: z.number().int(),
  /** Snapshots the hosting keeps now. */
  snapshots: z.number().int(),
});
export type PlanUsage = z.infer<typeof PlanUsage>;

export const AccountPlan = z.object({ plan: MemberPlan, usage: PlanUsage });
export type AccountPlan = z.infer<typeof AccountPlan>;
