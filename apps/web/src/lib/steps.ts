import type { TFunction } from 'i18next';

/**
 * Every job step the API reports (creation's, then delete/start/stop/reboot's; see
 * the API's job-plans.ts). Listed here so their names can be translated; an unknown
 * name is shown as it comes.
 */
const KNOWN_STEPS = [
  'allocate',
  'write_seed',
  'clone_disk',
  'define_vm',
  'start_vm',
  'wait_guest',
  'add_proxy',
  'probe_site',
  'remove_proxy',
  'stop_vm',
  'delete_vm',
  'release',
  'reboot_vm',
] as const;
type KnownStep = (typeof KNOWN_STEPS)[number];

function isKnownStep(name: string): name is KnownStep {
  return (KNOWN_STEPS as readonly string[]).includes(name);
}

export function stepLabel(name: string, t: TFunction): string {
  return isKnownStep(name) ? t(`hosting.steps.${name}`) : name;
}
