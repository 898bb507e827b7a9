import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AccountInfo } from '../components/account/AccountInfo';
import { PendingApproval } from '../components/account/PendingApproval';
import { LiveIndicator } from '../components/hosting/LiveIndicator';
import { StatusBadge } from '../components/hosting/StatusBadge';
import { Icon } from '../components/ui/Icon';
import { ErrorState, LoadingState } from '../components/ui/PageStates';
import { useHostingStatus } from '../hooks/useHostingStatus';
import { selectUser, useAuthStore } from '../stores/authStore';
import { PageHeader } from './PageHeader';

export function DashboardPage() {
  const { t } = useTranslation();
  const user = useAuthStore(selectUser);
  const live = useHostingStatus();
  const hosting = live.hosting && live.hosting.status !== 'DELETED' ? live.hosting : null;

  let hostingBody;
  if (live.isPending) hostingBody = <LoadingState label={t('hosting.loading')} />;
  else if (live.loadError)
    hostingBody = (
      <ErrorState title={t('hosting.loadError')} error={live.loadError} onRetry={() => void live.refetch()} />
    );
  else if (!hosting && user?.status === 'pending') hostingBody = <PendingApproval />;
  else if (!hosting)
    hostingBody = (
      <>
        <p>{t('dashboard.noHosting')}</p>
        <Link className="btn btn-primary" to="/hosting">
          <Icon name="plus" />
          <span>{t('dashboard.createFirst')}</span>
        </Link>
      </>
    );
  else
    hostingBody = (
      <>
        <div className="hosting-summary-head">
          <p className="hosting-url">{hosting.web_url}</p>
          <StatusBadge status={hosting.status} />
        </div>
        <LiveIndicator
          mode={live.mode}
          interval={live.interval}
          lastUpdated={live.lastUpdated}
          updateError={live.updateError}
        />
        <Link className="btn btn-primary" to="/hosting">
          <Icon name="server" />
          <span>{t('dashboard.manage')}</span>
        </Link>
      </>
    );

  return (
    <>
      <PageHeader title={t('dashboard.greeting', { name: user?.username ?? '' })} subtitle={t('dashboard.subtitle')} />
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="dash-hosting">
          <h2 className="card-title" id="dash-hosting">
            {t('dashboard.hostingCard')}
          </h2>
          <div className="card-stack">{hostingBody}</div>
        </section>
        {user && <AccountInfo user={user} title={t('dashboard.accountCard')} />}
      </div>
    </>
  );
}
