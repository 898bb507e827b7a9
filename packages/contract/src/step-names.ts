/**
 * The names of the steps a hosting's jobs report, without zod, so that the
 * dashboard can use them at run time without loading the schemas (see the
 * bundle budget in bench/RESULTS.md). The API's job plans (job-plans.ts) use
 * these names.
 */

/**
 * Creation's steps, in the order they run. A hosting boots (`start_vm`,
 * `wait_guest`) or is restored from a ready template and made its member's
 * (`restore_vm`, `personalise`): its own list has one pair or the other.
 */
export const PROVISION_STEP_NAMES = [
  'allocate',
  'write_seed',
  'clone_disk',
  'define_vm',
  'start_vm',
  'wait_guest',
  'restore_vm',
  'personalise',
  'add_proxy',
  'probe_site',
] as const;

/**
 * The steps of the other jobs: delete, start, stop and reboot (start and stop reuse creation's where they can).
 * `apply_plan`: a start gives the machine the member's plan when it changed.
 */
export const OTHER_STEP_NAMES = ['remove_proxy', 'stop_vm', 'delete_vm', 'release', 'reboot_vm', 'apply_plan'] as const;

export const JOB_STEP_NAMES = [...PROVISION_STEP_NAMES, ...OTHER_STEP_NAMES] as const;
export type JobStepName = (typeof JOB_STEP_NAMES)[number];
