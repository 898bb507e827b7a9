import type { Overview } from '@hostbay/contract/admin';
import type { HostingStatus } from '@hostbay/contract/hosting';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../hosting/StatusBadge';
import { CountList } from './CountList';

/** Settled states first, then failures, then those a job is moving; DELETED is history, not counted. */
const ORDER: readonly Exclude<HostingStatus, 'DELETED'>[] = [
  'RUNNING',
  'STOPPED',
  'ERROR',
  'CREATING',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'RESTORING',
  'DELETING',
];

/** Hostings by state, each count a link to the hostings page filtered to that state. */
export function HostingStatesCard({ hostings }: { hostings: Overview['hostings'] }) {
  const { t } = useTranslation();
  const titleId = useId();
  const total = ORDER.reduce((sum, status) => sum + (hostings[status] ?? 0), 0);
  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.hostings.title')}
      </h2>
      <p className="overview-total">{t('admin.overview.hostings.total', { count: total })}</p>
      <CountList
        items={ORDER.map((status) => ({
          key: status,
          label: <StatusBadge status={status} />,
          count: hostings[status] ?? 0,
          to: `/admin/hostings?status=${status}`,
          attention: status === 'ERROR',
        }))}
      />
      <p className="field-hint">{t('admin.overview.hostings.hint')}</p>
    </section>
  );
}
