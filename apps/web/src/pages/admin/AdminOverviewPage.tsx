import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { adminOverviewQuery, OVERVIEW_REFRESH_MS } from '../../api/queries/admin-overview';
import { CapacityCard } from '../../components/admin/overview/CapacityCard';
import { TemplatesCard } from '../../components/admin/overview/TemplatesCard';
import { TlsCard } from '../../components/admin/overview/TlsCard';
import { HostingStatesCard } from '../../components/admin/overview/HostingStatesCard';
import { HostUsageCard } from '../../components/admin/overview/HostUsageCard';
import { MembersCard } from '../../components/admin/overview/MembersCard';
import { ResourcesCard } from '../../components/admin/overview/ResourcesCard';
import { ErrorState, LoadingState } from '../../components/ui/PageStates';
import { usePageVisible } from '../../hooks/usePageVisible';
import { formatTime } from '../../lib/format';
import { PageHeader } from '../PageHeader';
import '../../styles/admin-overview.css';

/** The operator's first screen: hostings by state, resources and the host's use of them, capacity, members, templates and HTTPS, refreshed while shown. */
export function AdminOverviewPage() {
  const { t, i18n } = useTranslation();
  const visible = usePageVisible();
  const query = useQuery({
    ...adminOverviewQuery(),
    // A hidden tab does not keep asking; coming back refetches at once (refetchOnWindowFocus).
    refetchInterval: visible ? OVERVIEW_REFRESH_MS : false,
  });

  let body;
  if (query.data) {
    const overview = query.data;
    const time = formatTime(query.dataUpdatedAt, i18n.language);
    body = (
      <>
        {/* A failed refresh keeps the last figures on screen, and says how old they are. */}
        {query.isError ? (
          <p className="overview-updated form-error" role="alert">
            {t('admin.overview.refreshFailed', { message: errorMessage(query.error, t), time })}
          </p>
        ) : (
          <p className="overview-updated field-hint">{t('admin.overview.updated', { time })}</p>
        )}
        <div className="overview-grid">
          <HostingStatesCard hostings={overview.hostings} />
          <ResourcesCard resources={overview.resources} />
          <HostUsageCard usage={overview.host_usage} />
          <MembersCard members={overview.members} admins={overview.admins} />
          <CapacityCard capacity={overview.capacity} />
          <TemplatesCard templates={overview.templates} />
          <TlsCard tls={overview.tls} />
        </div>
      </>
    );
  } else if (query.isError)
    body = (
      <ErrorState title={t('admin.overview.loadFailed')} error={query.error} onRetry={() => void query.refetch()} />
    );
  else body = <LoadingState label={t('admin.overview.loading')} />;

  return (
    <>
      <PageHeader title={t('admin.overview.title')} subtitle={t('admin.overview.subtitle')} />
      {body}
    </>
  );
}
