import type { HostingStatus } from '@hostbay/contract/hosting';
import { isMoving } from '@hostbay/contract/hosting-states';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../ui/Icon';

const ICONS: Record<HostingStatus, IconName> = {
  CREATING: 'clock',
  RUNNING: 'check',
  STOPPING: 'clock',
  STOPPED: 'stop',
  STARTING: 'clock',
  RESTORING: 'clock',
  DELETING: 'clock',
  DELETED: 'trash',
  ERROR: 'alert',
};

/** The state in words and an icon as well as colour, so it never depends on colour alone. */
export function StatusBadge({ status }: { status: HostingStatus }) {
  const { t } = useTranslation();
  const moving = isMoving(status);
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {moving ? <span className="spinner spinner-xs" aria-hidden="true" /> : <Icon name={ICONS[status]} size={14} />}
      <span className="visually-hidden">{t('hosting.status.label')}: </span>
      {t(`hosting.status.${status}`)}
    </span>
  );
}
