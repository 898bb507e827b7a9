import type { AdminPlan, CreatePlanRequest, PlanLimits, UpdatePlanRequest } from '@hostbay/contract/plan';

/** The plan form's fields as typed: numbers stay text until sent, so that an empty field stays empty. */
export interface PlanDraft {
  name: string;
  vcpus: string;
  memory_mb: string;
  disk_gb: string;
  snapshots: string;
}

export type PlanField = keyof PlanDraft;
export const LIMIT_FIELDS = [
  'vcpus',
  'memory_mb',
  'disk_gb',
  'snapshots',
] as const satisfies readonly (keyof PlanLimits)[];

/** A draft from a plan's values: an edited plan's, or the default plan's (without its name) as a new one's start. */
export function draftOf(limits: PlanLimits | undefined, name = ''): PlanDraft {
  return {
    name,
    vcpus: limits ? String(limits.vcpus) : '',
    memory_mb: limits ? String(limits.memory_mb) : '',
    disk_gb: limits ? String(limits.disk_gb) : '',
    snapshots: limits ? String(limits.snapshots) : '',
  };
}

/**
 * The fields left empty. Only emptiness is checked here: bounds, whole numbers
 * and names are the API's to judge, and its messages appear at the fields.
 */
export function emptyFields(draft: PlanDraft): PlanField[] {
  return (Object.keys(draft) as PlanField[]).filter((field) => draft[field].trim() === '');
}

export function createRequest(draft: PlanDraft): CreatePlanRequest {
  return {
    name: draft.name.trim(),
    vcpus: Number(draft.vcpus),
    memory_mb: Number(draft.memory_mb),
    disk_gb: Number(draft.disk_gb),
    snapshots: Number(draft.snapshots),
  };
}

/** What changed against the plan: only those fields are sent. Empty when nothing did. */
export function updateRequest(plan: AdminPlan, draft: PlanDraft): UpdatePlanRequest {
  const wanted = createRequest(draft);
  const changes: UpdatePlanRequest = {};
  if (wanted.name !== plan.name) changes.name = wanted.name;
  for (const field of LIMIT_FIELDS) if (wanted[field] !== plan[field]) changes[field] = wanted[field];
  return changes;
}
