import { JOB_STEP_NAMES, type JobStepName } from '@hostbay/contract/step-names';
import type { TFunction } from 'i18next';

/** Every step has a translated label; a name the dashboard does not know is shown as it comes. */
function isKnownStep(name: string): name is JobStepName {
  return (JOB_STEP_NAMES as readonly string[]).includes(name);
}

export function stepLabel(name: string, t: TFunction): string {
  return isKnownStep(name) ? t(`hosting.steps.${name}`) : name;
}

const STEPS_WITH_ADVICE = [
  'wait_guest',
  'write_seed',
  'clone_disk',
  'define_vm',
  'start_vm',
  'restore_vm',
  'personalise',
  'add_proxy',
  'probe_site',
] as const;

/** What failed at a step, in plain words and the reader's language; undefined for the other steps. */
export function failureAdvice(step: string | null, t: TFunction): string | undefined {
  const known = (STEPS_WITH_ADVICE as readonly (string | null)[]).includes(step);
  return known ? t(`hosting.failure.advice.${step as (typeof STEPS_WITH_ADVICE)[number]}`) : undefined;
}

/**
 * Which job a hosting's steps belong to (the API shows the latest job's steps): creation's start with
 * `allocate`; a restore's or a recovery's hold the disk's step; a start's apply the plan first.
 */
export function jobOfSteps(steps: readonly { name: string }[]): 'create' | 'restore' | 'start' | 'other' {
  const names = new Set(steps.map((step) => step.name));
  if (names.has('allocate')) return 'create';
  if (names.has('restore_disk') || names.has('recover_disk')) return 'restore';
  if (names.has('apply_plan')) return 'start';
  return 'other';
}
