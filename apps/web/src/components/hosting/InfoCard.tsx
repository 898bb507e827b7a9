import type { Hosting } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { CopyButton } from '../ui/CopyButton';
import { HttpsSummary } from './HttpsSummary';
import { NewPasswordDialog } from './NewPasswordDialog';
import '../../styles/publish.css';

/**
 * What a member uses (the site's address, the SSH command, the machine's size) in front; what only an operator
 * or a curious member needs (the internal name, the address inside Hostbay's network) behind a disclosure.
 */
export function InfoCard({ hosting }: { hosting: Hosting }) {
  const { t, i18n } = useTranslation();
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
        <div className="info-row info-row-wide">
          <dt>{t('hosting.access.newPassword.row')}</dt>
          <dd className="info-password">
            <span>{t(`hosting.access.newPassword.rowFor.${hosting.ssh_auth}`)}</span>
            <NewPasswordDialog hosting={hosting} />
          </dd>
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
      </dl>
      <details className="disclosure info-technical">
        <summary>{t('hosting.access.details.technical')}</summary>
        <dl className="info-list">
          <div className="info-row">
            <dt>{t('hosting.access.details.internalName')}</dt>
            <dd>
              <code>{hosting.vm_name}</code>
            </dd>
          </div>
          {/* Unknown (and of no use to the member) when the machine sits behind user networking. */}
          {hosting.ip_address && (
            <div className="info-row">
              <dt>{t('hosting.info.ip')}</dt>
              <dd>{hosting.ip_address}</dd>
            </div>
          )}
          <div className="info-row">
            <dt>{t('hosting.info.madeBy')}</dt>
            <dd>{t(`hosting.info.creationPath.${hosting.creation_path}`)}</dd>
          </div>
        </dl>
      </details>
    </section>
  );
}
