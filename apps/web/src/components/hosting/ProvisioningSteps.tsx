import type { ProvisionStep, StepState } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../hooks/useNow';
import { formatDuration } from '../../lib/format';
import { stepLabel } from '../../lib/steps';
import { Icon, type IconName } from '../ui/Icon';

const STATE_ICON: Record<StepState, IconName | null> = {
  pending: 'dot',
  running: null,
  done: 'check',
  failed: 'alert',
  undoing: 'undo',
  undone: 'undo',
};

function elapsedMs(step: ProvisionStep, now: number): number | null {
  if (!step.started_at) return null;
  const end = step.finished_at ? Date.parse(step.finished_at) : now;
  return end - Date.parse(step.started_at);
}

/** The checklist of the hosting's current job: each step with its state in words and how long it took (or has taken). */
export function ProvisioningSteps({ steps, title }: { steps: ProvisionStep[]; title?: string }) {
  const { t } = useTranslation();
  const ticking = steps.some((step) => step.state === 'running' || step.state === 'undoing');
  const now = useNow(1000, ticking);
  return (
    <section className="card" aria-labelledby="steps-title">
      <h2 className="card-title" id="steps-title">
        {title ?? t('hosting.steps.title')}
      </h2>
      <ol className="steps">
        {steps.map((step) => {
          const elapsed = elapsedMs(step, now);
          const icon = STATE_ICON[step.state];
          return (
            <li key={step.name} className={`step step-${step.state}`} data-step={step.name}>
              <span className="step-icon" aria-hidden="true">
                {icon ? <Icon name={icon} size={16} /> : <span className="spinner spinner-xs" />}
              </span>
              <span className="step-name">{stepLabel(step.name, t)}</span>
              <span className="step-state">{t(`hosting.steps.state.${step.state}`)}</span>
              <span className="step-time">{elapsed === null ? '' : formatDuration(elapsed, t)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
