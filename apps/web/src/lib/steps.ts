import { JOB_STEP_NAMES, type JobStepName } from '@hostbay/contract/step-names';
import type { TFunction } from 'i18next';

/** Every step has a translated label; a name the dashboard does not know is shown as it comes. */
function isKnownStep(name: string): name is JobStepName {
  return (JOB_STEP_NAMES as readonly string[]).includes(name);
}

export function stepLabel(name: string, t: TFunction): string {
  return isKnownStep(name) ? t(`hosting.steps.${name}`) : name;
}
