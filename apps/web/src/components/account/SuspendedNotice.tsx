import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/Icon';

/**
 * What a suspended member sees on the login page: that the account is suspended (not that a session
 * expired), the operator's reason as they wrote it, and what it means for their site.
 */
export function SuspendedNotice({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="callout callout-error auth-notice" role="alert" aria-labelledby="suspended-title">
      <Icon name="alert" size={22} />
      <div>
        <h2 id="suspended-title">{t('auth.suspended.title')}</h2>
        {reason !== null && <p>{t('auth.suspended.reason', { reason })}</p>}
        <p>{t('auth.suspended.advice')}</p>
      </div>
    </section>
  );
}
