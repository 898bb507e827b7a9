import type { Hosting } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CopyButton } from '../ui/CopyButton';
import { Icon } from '../ui/Icon';

export function QuickAccess({ hosting }: { hosting: Hosting }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="quick-access-title">
      <h2 className="card-title" id="quick-access-title">
        {t('hosting.quick.title')}
      </h2>
      <div className="quick-access">
        <a className="btn btn-primary" href={hosting.web_url} target="_blank" rel="noopener noreferrer">
          <Icon name="external" />
          <span>
            {t('hosting.quick.openSite')}
            <span className="visually-hidden"> {t('hosting.quick.openSiteHint')}</span>
          </span>
        </a>
        <CopyButton
          text={hosting.web_url}
          label={t('hosting.quick.copyUrl')}
          successMessage={t('hosting.quick.urlCopied')}
        />
        <CopyButton
          text={hosting.ssh_command}
          label={t('hosting.quick.copySsh')}
          successMessage={t('hosting.quick.sshCopied')}
        />
        {/* The serial line of a running machine: the way in when SSH does not work. */}
        {hosting.status === 'RUNNING' && (
          <Link className="btn btn-secondary" to="/hosting/console">
            <Icon name="terminal" />
            <span>{t('hosting.quick.console')}</span>
          </Link>
        )}
      </div>
    </section>
  );
}
