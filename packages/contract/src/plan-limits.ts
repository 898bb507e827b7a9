/**
 * The bounds of each plan limit, without zod, so that the dashboard can show
 * them at run time without loading the schemas (see the bundle budget in
 * bench/RESULTS.md). The same as the HOSTBAY_VM_* settings' and the VM
 * layer's (vm.spec.ts); plan.ts builds its schemas from them.
 */
export const PLAN_LIMIT_BOUNDS = {
  vcpus: { min: 1, max: 64 },
  memory_mb: { min: 128, max: 262_144 },
  disk_gb: { min: 1, max: 4096 },
  snapshots: { min: 0, max: 100 },
} as const;

/** How many snapshots a plan keeps when its admin does not say (and the default plan's, unless HOSTBAY_SNAPSHOTS says). */
export const DEFAULT_SNAPSHOTS_PER_HOSTING = 3;

export type PlanLimitName = keyof typeof PLAN_LIMIT_BOUNDS;

/** A plan's name: at most this many characters (PlanName in plan.ts). */
export const PLAN_NAME_MAX_LENGTH = 64;
