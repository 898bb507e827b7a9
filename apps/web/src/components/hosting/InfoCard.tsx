import type { Hosting } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { CopyButton } from '../ui/CopyButton';
import { HttpsSummary } from './HttpsSummary';

export function InfoCard({ hosting }: { hosting: Hosting }) {
  const { t, i18n } = useTranslation();
  const none = t('common.none');
  return (
    <section className="card" aria-labelledby="info-card-title">
      <h2 className="card-title" id="info-card-title">
        {t('hosting.info.title')}
      </h2>
      <dl className="info-list">
        <div className="info-row info-row-wide">
          <dt>{t('hosting.info.webUrl')}</dt>
          <dd className="with-copy">
            <code>{hosting.web_url}</code>
            <CopyButton
              compact
              text={hosting.web_url}
              label={t('hosting.quick.copyUrl')}
              successMessage={t('hosting.quick.urlCopied')}
            />
          </dd>
        </div>
        <div className="info-row info-row-wide">
          <dt>{t('hosting.https.label')}</dt>
          <dd>
            <HttpsSummary https={hosting.https} />
          </dd>
        </div>
        <div className="info-row info-row-wide">
          <dt>{t('hosting.info.sshCommand')}</dt>
          <dd className="with-copy">
            <code>{hosting.ssh_command}</code>
            <CopyButton
              compact
              text={hosting.ssh_command}
              label={t('hosting.quick.copySsh')}
              successMessage={t('hosting.quick.sshCopied')}
            />
          </dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.vmName')}</dt>
          <dd>
            <code>{hosting.vm_name}</code>
          </dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.ip')}</dt>
          <dd>{hosting.ip_address ?? none}</dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.vcpus')}</dt>
          <dd>{hosting.vcpus}</dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.memory')}</dt>
          <dd>{t('hosting.info.memoryValue', { value: hosting.memory_mb })}</dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.disk')}</dt>
          <dd>{t('hosting.info.diskValue', { value: hosting.disk_gb })}</dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.created')}</dt>
          <dd>
            <time dateTime={hosting.created_at}>{formatDateTime(hosting.created_at, i18n.language)}</time>
          </dd>
        </div>
        <div className="info-row">
          <dt>{t('hosting.info.madeBy')}</dt>
          <dd>{t(`hosting.info.creationPath.${hosting.creation_path}`)}</dd>
        </div>
      </dl>
    </section>
  );
}
