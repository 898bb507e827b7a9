import type { AdminBackup } from '@hostbay/contract/backup';
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { adminBackupsQuery, BACKUPS_LIST_LIMIT, BACKUPS_POLL_MS, isBackingUp } from '../../api/queries/admin-backups';
import { DataTable } from '../../components/admin/DataTable';
import { backupColumns } from '../../components/admin/backups/backupColumns';
import { BackupSummaryCard } from '../../components/admin/backups/BackupSummaryCard';
import { BringBackDialog } from '../../components/admin/backups/BringBackDialog';
import { useBringBack } from '../../components/admin/backups/useBackupMutations';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/PageStates';
import { usePageVisible } from '../../hooks/usePageVisible';
import { PageHeader } from '../PageHeader';
import '../../styles/admin-backups.css';

/**
 * Backups: how they are set up and the round under way (with "Back up now"), then every backup, newest
 * first, with "Bring back" on a deleted hosting's newest one. Asks again every 3 s while anything runs.
 */
export function AdminBackupsPage() {
  const { t, i18n } = useTranslation();
  const visible = usePageVisible();
  const historyId = useId();
  // Where focus lands when the dialog closes and its row's button is gone (the hosting came back).
  const historyRef = useRef<HTMLHeadingElement>(null);
  const query = useQuery({
    ...adminBackupsQuery(),
    refetchInterval: (q) => (visible && q.state.data && isBackingUp(q.state.data) ? BACKUPS_POLL_MS : false),
  });
  const bringBack = useBringBack();
  // Kept apart from `confirming`: the dialog still names the member while it closes.
  const [target, setTarget] = useState<AdminBackup | null>(null);
  const [confirming, setConfirming] = useState(false);

  const ask = (backup: AdminBackup) => {
    setTarget(backup);
    setConfirming(true);
  };
  const confirm = () => {
    if (target) bringBack.mutate(target, { onSettled: () => setConfirming(false) });
  };

  let body;
  if (query.data) {
    const { items, overview } = query.data;
    body = (
      <>
        {query.isError && (
          <p className="form-error" role="alert">
            {t('admin.backups.refreshFailed', { message: errorMessage(query.error, t) })}
          </p>
        )}
        <BackupSummaryCard overview={overview} />
        <section className="backup-history" aria-labelledby={historyId}>
          <h2 className="backup-history-title" id={historyId} ref={historyRef} tabIndex={-1}>
            {t('admin.backups.list.title')}
          </h2>
          {items.length === 0 ? (
            <EmptyState title={t('admin.backups.list.emptyTitle')} body={t('admin.backups.list.emptyBody')} />
          ) : (
            <>
              <div className="backups-table cards-until-wide">
                <DataTable
                  caption={t('admin.backups.list.caption')}
                  columns={backupColumns({
                    t,
                    language: i18n.language,
                    pendingId: bringBack.isPending ? bringBack.variables.id : null,
                    onBringBack: ask,
                  })}
                  rows={items}
                  rowKey={(backup) => backup.id}
                />
              </div>
              {items.length >= BACKUPS_LIST_LIMIT && (
                <p className="field-hint backup-limit">
                  {t('admin.backups.list.limit', { count: BACKUPS_LIST_LIMIT })}
                </p>
              )}
            </>
          )}
        </section>
      </>
    );
  } else if (query.isError) {
    body = (
      <ErrorState title={t('admin.backups.loadFailed')} error={query.error} onRetry={() => void query.refetch()} />
    );
  } else {
    body = <LoadingState label={t('admin.backups.loading')} />;
  }

  return (
    <>
      <PageHeader title={t('admin.backups.title')} subtitle={t('admin.backups.subtitle')} />
      <div className="backups-page">{body}</div>
      <BringBackDialog
        backup={target}
        open={confirming}
        pending={bringBack.isPending}
        onOpenChange={(open) => !open && setConfirming(false)}
        onConfirm={confirm}
        fallbackFocus={historyRef}
      />
    </>
  );
}
