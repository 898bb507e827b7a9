import type { HostingError } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { failureAdvice, stepLabel } from '../../lib/steps';
import { Icon } from '../ui/Icon';

/**
 * What went wrong on ERROR: the failed step, what failed in the member's language (the server's message,
 * in English, for a step the dashboard has no words for) and what to do next.
 */
export function HostingFailure({ error }: { error: HostingError | null }) {
  const { t } = useTranslation();
  const step = error?.step;
  return (
    <section className="callout callout-error" role="alert" aria-labelledby="failure-title">
      <Icon name="alert" size={22} />
      <div>
        <h2 id="failure-title">{t('hosting.failure.title')}</h2>
        <p className="failure-step">
          {step ? t('hosting.failure.step', { step: stepLabel(step, t) }) : t('hosting.failure.unknownStep')}
        </p>
        {error && <p className="failure-message">{failureAdvice(error.step, t) ?? error.message}</p>}
        <p>{error?.retry_safe === false ? t('hosting.failure.notRetrySafe') : t('hosting.failure.retrySafe')}</p>
      </div>
    </section>
  );
}
