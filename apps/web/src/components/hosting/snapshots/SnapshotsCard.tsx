import type { Hosting } from '@hostbay/contract/hosting';
import type { Snapshot } from '@hostbay/contract/snapshot';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../../api/errors';
import { useMySnapshots } from '../../../hooks/useMySnapshots';
import { useDeleteSnapshot, useRestoreSnapshot } from '../../../hooks/useSnapshotMutations';
import { formatDateTime } from '../../../lib/format';
import { canRestore, keptCount, takeRefusal } from '../../../lib/snapshot-policy';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { SnapshotItem } from './SnapshotItem';
import { TakeSnapshotForm } from './TakeSnapshotForm';
import '../../../styles/snapshots.css';

type Confirming = 'restore' | 'delete' | null;

/**
 * The member's snapshots of their hosting's disk: a form to take one, the list newest first, and
 * restore or delete after a confirmation. The list follows the hosting (a snapshot's job ends
 * with a hosting event) and asks every 2 s while a snapshot is being taken.
 */
export function SnapshotsCard({ hosting }: { hosting: Hosting }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  // Where focus lands when a dialog closes and its button is gone (a deleted snapshot's) or off (while restoring).
  const titleRef = useRef<HTMLHeadingElement>(null);
  const query = useMySnapshots(hosting);
  const restore = useRestoreSnapshot();
  const remove = useDeleteSnapshot();
  // Kept apart from `confirming`: the dialog still names the snapshot while it closes.
  const [target, setTarget] = useState<Snapshot | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);

  const ask = (what: Exclude<Confirming, null>) => (snapshot: Snapshot) => {
    setTarget(snapshot);
    setConfirming(what);
  };
  const onOpenChange = (open: boolean) => !open && setConfirming(null);

  const confirmRestore = () => {
    if (target === null) return;
    restore.mutate(target.id, {
      onSuccess: () => toast.success(t('snapshots.restore.done', { name: target.name })),
      onError: (error) => toast.error(errorMessage(error, t)),
      onSettled: () => setConfirming(null),
    });
  };
  const confirmDelete = () => {
    if (target === null) return;
    remove.mutate(target.id, {
      onSuccess: () => toast.success(t('snapshots.delete.done', { name: target.name })),
      onError: (error) => toast.error(errorMessage(error, t)),
      onSettled: () => setConfirming(null),
    });
  };

  let body;
  if (query.isPending)
    body = (
      <p className="field-hint" role="status">
        {t('snapshots.loading')}
      </p>
    );
  else if (query.isError)
    body = (
      <div className="snapshots-error" role="alert">
        <p className="form-error">
          {t('snapshots.loadFailed')}: {errorMessage(query.error, t)}
        </p>
        <Button icon="refresh" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else {
    const list = query.data;
    body = (
      <>
        <TakeSnapshotForm refusal={takeRefusal(list, hosting.status)} kept={keptCount(list)} limit={list.limit} />
        {list.items.length === 0 ? (
          <p className="field-hint">{t('snapshots.empty')}</p>
        ) : (
          <ul className="snapshot-list" aria-label={t('snapshots.listLabel')}>
            {list.items.map((snapshot) => (
              <li key={snapshot.id}>
                <SnapshotItem
                  snapshot={snapshot}
                  restorable={!restore.isPending && canRestore(snapshot, hosting)}
                  onRestore={ask('restore')}
                  onDelete={ask('delete')}
                />
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }

  const name = target?.name ?? '';
  return (
    <section className="card snapshots-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId} ref={titleRef} tabIndex={-1}>
        {t('snapshots.title')}
      </h2>
      <p className="field-hint">{t('snapshots.intro')}</p>
      {body}
      <ConfirmDialog
        open={confirming === 'restore'}
        onOpenChange={onOpenChange}
        title={t('snapshots.restore.title', { name })}
        description={t('snapshots.restore.body', {
          time: target ? formatDateTime(target.created_at, i18n.language) : '',
        })}
        confirmLabel={t('snapshots.restore.confirm')}
        pendingLabel={t('snapshots.restore.pending')}
        pending={restore.isPending}
        onConfirm={confirmRestore}
        fallbackFocus={titleRef}
      />
      <ConfirmDialog
        open={confirming === 'delete'}
        onOpenChange={onOpenChange}
        title={t('snapshots.delete.title', { name })}
        description={t('snapshots.delete.body')}
        confirmLabel={t('snapshots.delete.confirm')}
        pendingLabel={t('snapshots.delete.pending')}
        pending={remove.isPending}
        onConfirm={confirmDelete}
        fallbackFocus={titleRef}
      />
    </section>
  );
}
