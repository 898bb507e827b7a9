import type { AdminPlan, MemberPlan as MemberPlanBody, PlanLimits as PlanLimitsBody } from '@hostbay/contract/plan';
import type { MemberPlan, PlanLimits } from './plan.types.js';

export function presentLimits(limits: PlanLimits): PlanLimitsBody {
  return { vcpus: limits.vcpus, memory_mb: limits.memoryMb, disk_gb: limits.diskGb, snapshots: limits.snapshots };
}

/** A plan as admins see it, with how many members are on it. */
export function presentAdminPlan(plan: MemberPlan, members: number): AdminPlan {
  return { id: plan.id, name: plan.name, is_default: plan.isDefault, ...presentLimits(plan.limits), members };
}

/** A plan as its member sees it. */
export function presentMemberPlan(plan: MemberPlan): MemberPlanBody {
  return { name: plan.name, is_default: plan.isDefault, ...presentLimits(plan.limits) };
}
