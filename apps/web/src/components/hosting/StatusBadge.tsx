import type { HostingStatus, StopCause } from '@hostbay/contract/hosting';
import { isMoving } from '@hostbay/contract/hosting-states';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../ui/Icon';

const ICONS: Record<HostingStatus, IconName> = {
  CREATING: 'clock',
  RUNNING: 'check',
  STOPPING: 'clock',
  STOPPED: 'stop',
  STARTING: 'clock',
  REBOOTING: 'clock',
  RESTORING: 'clock',
  DELETING: 'clock',
  DELETED: 'trash',
  ERROR: 'alert',
};

interface StatusBadgeProps {
  status: HostingStatus;
  /** Why a stopped hosting is off: one that went off by itself says so, rather than a plain "Stopped". */
  stopCause?: StopCause | null;
}

/** The state in words and an icon as well as colour, so it never depends on colour alone. */
export function StatusBadge({ status, stopCause = null }: StatusBadgeProps) {
  const { t } = useTranslation();
  const moving = isMoving(status);
  const unexpected = status === 'STOPPED' && stopCause === 'unexpected';
  return (
    <span className={`badge badge-${unexpected ? 'stopped-unexpectedly' : status.toLowerCase()}`} data-status={status}>
      {moving ? (
        <span className="spinner spinner-xs" aria-hidden="true" />
      ) : (
        <Icon name={unexpected ? 'alert' : ICONS[status]} size={14} />
      )}
      <span className="visually-hidden">{t('hosting.status.label')}: </span>
      {unexpected ? t('hosting.lifecycle.stopped.badgeUnexpected') : t(`hosting.status.${status}`)}
    </span>
  );
}
