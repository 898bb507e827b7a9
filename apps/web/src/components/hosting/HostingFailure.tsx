import type { HostingError, ProvisionStep } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { failureAdvice, jobOfSteps, stepLabel } from '../../lib/steps';
import { Icon } from '../ui/Icon';

/**
 * What went wrong on ERROR: the failed step, what failed in the member's language (the server's message,
 * in English, for a step the dashboard has no words for) and what to do next.
 */
export function HostingFailure({ error, steps }: { error: HostingError | null; steps: readonly ProvisionStep[] }) {
  const { t } = useTranslation();
  const step = error?.step;
  const job = jobOfSteps(steps);
  return (
    <section className="callout callout-error" role="alert" aria-labelledby="failure-title">
      <Icon name="alert" size={22} />
      <div>
        <h2 id="failure-title">{job === 'create' ? t('hosting.failure.title') : t(`hosting.failure.titles.${job}`)}</h2>
        <p className="failure-step">
          {step ? t('hosting.failure.step', { step: stepLabel(step, t) }) : t('hosting.failure.unknownStep')}
        </p>
        {error && <p className="failure-message">{failureAdvice(error.step, t) ?? error.message}</p>}
        <p>
          {error?.retry_safe === false
            ? t('hosting.failure.notRetrySafe')
            : job === 'create'
              ? t('hosting.failure.retrySafe')
              : t('hosting.failure.tryAgain')}
        </p>
      </div>
    </section>
  );
}
