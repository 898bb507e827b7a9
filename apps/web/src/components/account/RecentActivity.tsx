import type { ActivityEntry } from '@hostbay/contract/account';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { activityQuery } from '../../api/queries/account';
import { formatDateTime } from '../../lib/format';
import { ErrorState, LoadingState } from '../ui/PageStates';

/** The member's own recent activity: when, what (in words), from where, and how it ended. */
export function RecentActivity() {
  const { t } = useTranslation();
  const titleId = useId();
  const activity = useQuery(activityQuery());

  return (
    <section className="card activity" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('settings.activity.title')}
      </h2>
      {activity.isPending ? (
        <LoadingState label={t('common.loading')} />
      ) : activity.isError ? (
        <ErrorState
          title={t('settings.activity.failed')}
          error={activity.error}
          onRetry={() => void activity.refetch()}
        />
      ) : activity.data.length === 0 ? (
        <p className="field-hint">{t('settings.activity.empty')}</p>
      ) : (
        <ActivityList entries={activity.data} />
      )}
    </section>
  );
}

function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="activity-list">
      {entries.map((entry) => (
        <li key={entry.id} className={`activity-item activity-${entry.result}`}>
          <span className="activity-what">
            {t(`activity.actions.${entry.action}`)}
            {entry.by !== 'you' && <span className="activity-by"> · {t(`activity.by.${entry.by}`)}</span>}
          </span>
          <span className="activity-meta">
            <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
            {entry.client_ip && <span> · {entry.client_ip}</span>}
            <span className="activity-result"> · {t(`activity.results.${entry.result}`)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
