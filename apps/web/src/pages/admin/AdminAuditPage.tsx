import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditListQuery } from '../../api/queries/admin-audit';
import { AuditFilterBar } from '../../components/admin/audit/AuditFilterBar';
import { AuditTable } from '../../components/admin/audit/AuditTable';
import { ExportButton } from '../../components/admin/audit/ExportButton';
import { auditRequestFilters, hasAuditFilters, useAuditFilters } from '../../components/admin/audit/audit-filters';
import { ListFooter } from '../../components/admin/ListFooter';
import { Button } from '../../components/ui/Button';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/PageStates';
import { PageHeader } from '../PageHeader';
import '../../styles/admin-audit.css';

/** Who did what: every recorded action, newest first, filtered from the address, and exported as CSV. */
export function AdminAuditPage() {
  const { t } = useTranslation();
  const { filters, clear } = useAuditFilters();
  const requestFilters = auditRequestFilters(filters);
  // While a new filter loads, the last list stays (dimmed) rather than a spinner replacing it.
  const log = useInfiniteQuery({ ...auditListQuery(requestFilters), placeholderData: keepPreviousData });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  // The actor filter holds an id; the entries it selects carry the name.
  const actorName = entries.find((entry) => entry.actor.id === filters.actor)?.actor.name ?? undefined;

  return (
    <>
      <PageHeader title={t('admin.audit.title')} subtitle={t('admin.audit.subtitle')}>
        <ExportButton filters={requestFilters} />
      </PageHeader>
      <AuditFilterBar actorName={actorName} />
      {log.isPending ? (
        <LoadingState label={t('admin.audit.loading')} />
      ) : log.isError ? (
        <ErrorState title={t('admin.list.loadFailed')} error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState
          title={t('admin.audit.empty.title')}
          body={hasAuditFilters(filters) ? t('admin.audit.empty.filteredBody') : t('admin.audit.empty.body')}
          action={
            hasAuditFilters(filters) && (
              <Button variant="primary" icon="close" onClick={clear}>
                {t('admin.list.clearFilters')}
              </Button>
            )
          }
        />
      ) : (
        <>
          <AuditTable entries={entries} stale={log.isPlaceholderData} />
          <ListFooter query={log} shown={entries.length} />
        </>
      )}
    </>
  );
}
