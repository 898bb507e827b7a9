import type { Snapshot } from '@hostbay/contract/snapshot';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { formatBytes } from '../../../lib/units';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';

interface SnapshotItemProps {
  snapshot: Snapshot;
  restorable: boolean;
  onRestore: (snapshot: Snapshot) => void;
  onDelete: (snapshot: Snapshot) => void;
}

function StateLine({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  if (snapshot.state === 'creating')
    return (
      <span className="snapshot-state snapshot-state-creating">
        <span className="spinner spinner-xs" aria-hidden="true" />
        {t('snapshots.item.creating')}
      </span>
    );
  if (snapshot.state === 'failed')
    return (
      <span className="snapshot-state snapshot-state-failed">
        <Icon name="alert" size={14} />
        {snapshot.problem === null
          ? t('snapshots.item.failed')
          : t('snapshots.item.failedBecause', { problem: snapshot.problem })}
      </span>
    );
  return (
    <span className="snapshot-state snapshot-state-ready">
      <Icon name="check" size={14} />
      {t('snapshots.item.ready')}
    </span>
  );
}

/** One snapshot: its name, when it was taken, its size and state, and its buttons (each naming it). */
export function SnapshotItem({ snapshot, restorable, onRestore, onDelete }: SnapshotItemProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  return (
    <article className="snapshot" aria-labelledby={headingId}>
      <h3 className="snapshot-name" id={headingId}>
        {snapshot.name}
      </h3>
      <dl className="snapshot-facts">
        <div>
          <dt>{t('snapshots.item.created')}</dt>
          <dd>
            <time dateTime={snapshot.created_at}>{formatDateTime(snapshot.created_at, i18n.language)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('snapshots.item.size')}</dt>
          <dd>
            {snapshot.size_bytes === null
              ? t('snapshots.item.unknownSize')
              : formatBytes(snapshot.size_bytes, i18n.language)}
          </dd>
        </div>
        <div>
          <dt>{t('snapshots.item.state')}</dt>
          <dd>
            <StateLine snapshot={snapshot} />
          </dd>
        </div>
      </dl>
      {snapshot.taken_while === 'running' && <p className="field-hint">{t('snapshots.item.takenWhileRunning')}</p>}
      <div className="snapshot-actions">
        <Button
          icon="undo"
          disabled={!restorable}
          aria-label={t('snapshots.restore.buttonFor', { name: snapshot.name })}
          onClick={() => onRestore(snapshot)}
        >
          {t('snapshots.restore.button')}
        </Button>
        {/* The one being taken belongs to its job until it ends: the API would refuse. */}
        <Button
          variant="danger"
          icon="trash"
          disabled={snapshot.state === 'creating'}
          aria-label={t('snapshots.delete.buttonFor', { name: snapshot.name })}
          onClick={() => onDelete(snapshot)}
        >
          {t('snapshots.delete.button')}
        </Button>
      </div>
    </article>
  );
}
