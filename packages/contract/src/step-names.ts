/**
 * The names of the steps a hosting's jobs report, without zod, so that the
 * dashboard can use them at run time without loading the schemas (see the
 * bundle budget in bench/RESULTS.md). The API's job plans (job-plans.ts) use
 * these names.
 */

/**
 * Creation's steps, in the order they run. A hosting boots (`start_vm`,
 * `wait_guest`) or is restored from a ready template and made its member's
 * (`restore_vm`, `personalise`): its own list has one pair or the other. A
 * deleted hosting brought back from its backup gets its disk from the backup
 * (`restore_backup`, instead of `clone_disk`) and boots.
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
  'restore_backup',
  'add_proxy',
  'probe_site',
] as const;

/**
 * The steps of the other jobs: delete, start, stop, reboot, snapshot and restore (they reuse creation's where they
 * can). `apply_plan`: a start gives the machine the member's plan when it changed. `take_snapshot`: a copy of the
 * disk, its file systems frozen by the guest agent while it is taken; `restore_disk`: the disk put back as a
 * snapshot has it. `final_backup`: a deleted hosting's last state, kept for the grace period; `back_up_disk`: a
 * scheduled or asked-for backup; `recover_disk`: a machine missing from its host (Hostbay restored on a fresh
 * one) gets its disk back, from the pool when it is still there, else from its last backup.
 */
export const OTHER_STEP_NAMES = [
  'remove_proxy',
  'stop_vm',
  'delete_vm',
  'release',
  'reboot_vm',
  'apply_plan',
  'take_snapshot',
  'restore_disk',
  'final_backup',
  'back_up_disk',
  'recover_disk',
] as const;

export const JOB_STEP_NAMES = [...PROVISION_STEP_NAMES, ...OTHER_STEP_NAMES] as const;
export type JobStepName = (typeof JOB_STEP_NAMES)[number];
