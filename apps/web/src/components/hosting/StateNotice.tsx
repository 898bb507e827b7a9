import type { Hosting } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/Icon';

/**
 * What the status means for the member's site when the badge alone would not say it: a machine that went
 * off by itself (or that an operator stopped), and a reboot under way. Nothing for the other states.
 */
export function StateNotice({ hosting }: { hosting: Pick<Hosting, 'status' | 'stop_cause'> }) {
  const { t } = useTranslation();
  if (hosting.status === 'REBOOTING')
    return (
      <p className="callout callout-info" role="status">
        {t('hosting.lifecycle.rebooting')}
      </p>
    );
  if (hosting.status !== 'STOPPED') return null;
  if (hosting.stop_cause === 'unexpected')
    return (
      <section className="callout callout-warning" role="alert" aria-labelledby="stopped-title">
        <Icon name="alert" size={22} />
        <div>
          <h2 id="stopped-title">{t('hosting.lifecycle.stopped.unexpectedTitle')}</h2>
          <p>{t('hosting.lifecycle.stopped.unexpectedBody')}</p>
        </div>
      </section>
    );
  if (hosting.stop_cause === 'operator')
    return (
      <section className="callout callout-warning" aria-labelledby="stopped-title">
        <Icon name="stop" size={22} />
        <div>
          <h2 id="stopped-title">{t('hosting.lifecycle.stopped.operatorTitle')}</h2>
          <p>{t('hosting.lifecycle.stopped.operatorBody')}</p>
        </div>
      </section>
    );
  return null;
}
