import type { AdminHosting } from '@hostbay/contract/admin';
import type { HostingCommand, HostingStatus } from '@hostbay/contract/hosting';
import { isMoving } from '@hostbay/contract/hosting-states';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { adminHostingsQuery } from '../../api/queries/admin-hostings';
import { DataTable } from '../../components/admin/DataTable';
import { ListFooter } from '../../components/admin/ListFooter';
import {
  ConfirmHostingCommand,
  needsConfirmation,
  type ConfirmedCommand,
} from '../../components/admin/hostings/ConfirmHostingCommand';
import { hostingColumns } from '../../components/admin/hostings/hostingColumns';
import { isListedState, StatusFilter } from '../../components/admin/hostings/StatusFilter';
import { useHostingCommand, type HostingCommandRequest } from '../../components/admin/hostings/useHostingCommand';
import { Button } from '../../components/ui/Button';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/PageStates';
import { usePageVisible } from '../../hooks/usePageVisible';
import { POLL_MOVING_MS } from '../../lib/hosting-policy';
import { PageHeader } from '../PageHeader';
import '../../styles/admin-hostings.css';

/** Every member's hosting, filtered by state (`?status=` in the URL), with the commands its state allows. */
export function AdminHostingsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = isListedState(rawStatus) ? rawStatus : null;
  const visible = usePageVisible();

  const query = useInfiniteQuery({
    ...adminHostingsQuery(status),
    // While a job moves a hosting shown here, follow it as the member's own page does.
    refetchInterval: (q) =>
      visible && q.state.data?.pages.some((page) => page.items.some((h) => isMoving(h.status)))
        ? POLL_MOVING_MS
        : false,
  });
  const command = useHostingCommand();
  const [confirming, setConfirming] = useState<(HostingCommandRequest & { command: ConfirmedCommand }) | null>(null);

  const setStatus = (next: HostingStatus | null) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next) updated.set('status', next);
      else updated.delete('status');
      return updated;
    });

  const request = (hosting: AdminHosting, name: HostingCommand) => {
    if (needsConfirmation(name)) setConfirming({ hosting, command: name });
    else command.mutate({ hosting, command: name });
  };

  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  let body;
  if (query.data && rows.length > 0) {
    body = (
      <>
        <div className="hostings-table cards-until-wide">
          <DataTable
            caption={t('admin.hostings.caption')}
            columns={hostingColumns({
              t,
              language: i18n.language,
              pendingId: command.isPending ? command.variables.hosting.id : null,
              onCommand: request,
            })}
            rows={rows}
            rowKey={(hosting) => hosting.id}
          />
        </div>
        {query.isError && (
          <p className="form-error" role="alert">
            {errorMessage(query.error, t)}
          </p>
        )}
        <ListFooter query={query} shown={rows.length} />
      </>
    );
  } else if (query.data) {
    body = (
      <EmptyState
        title={t('admin.hostings.empty.title')}
        body={status ? t('admin.hostings.empty.filtered') : t('admin.hostings.empty.all')}
        action={status && <Button onClick={() => setStatus(null)}>{t('admin.list.clearFilters')}</Button>}
      />
    );
  } else if (query.isError) {
    body = <ErrorState title={t('admin.list.loadFailed')} error={query.error} onRetry={() => void query.refetch()} />;
  } else {
    body = <LoadingState label={t('admin.hostings.loading')} />;
  }

  return (
    <>
      <PageHeader title={t('admin.hostings.title')} subtitle={t('admin.hostings.subtitle')} />
      <div className="filter-bar hostings-filter">
        <StatusFilter value={status} onChange={setStatus} />
      </div>
      {body}
      <ConfirmHostingCommand
        request={confirming}
        pending={command.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) command.mutate(confirming, { onSettled: () => setConfirming(null) });
        }}
      />
    </>
  );
}
