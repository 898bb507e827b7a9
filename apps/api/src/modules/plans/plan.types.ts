/**
 * The limits a plan gives a member's hosting. A structured object so that
 * more limits (snapshots, say) join it later without changing who reads it.
 */
export interface PlanLimits {
  vcpus: number;
  /** MiB */
  memoryMb: number;
  /** GiB */
  diskGb: number;
  /** How many snapshots of its disk a hosting may keep. */
  snapshots: number;
}

/** A named plan, as stored. */
export interface PlanRecord {
  id: string;
  name: string;
  limits: PlanLimits;
  createdAt: string;
  updatedAt: string;
}

/** A member's plan: a named one, or the default (no id, the HOSTBAY_VM_* settings). */
export interface MemberPlan {
  id: string | null;
  name: string;
  isDefault: boolean;
  limits: PlanLimits;
}

/** The default plan's name, as the API shows it; the dashboard says it in the reader's language. */
export const DEFAULT_PLAN_NAME = 'default';
