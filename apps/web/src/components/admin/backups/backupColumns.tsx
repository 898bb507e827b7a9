import type { AdminBackup } from '@hostbay/contract/backup';
import type { TFunction } from 'i18next';
import { formatDateTime, formatShortDate, formatShortTime } from '../../../lib/format';
import { formatBytes, formatPercent } from '../../../lib/units';
import { StatusBadge } from '../../hosting/StatusBadge';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';
import type { Column } from '../DataTable';

interface ColumnOptions {
  t: TFunction;
  language: string;
  /** The backup a hosting is being brought back from, if any: its button waits, the others are off. */
  pendingId: string | null;
  onBringBack: (backup: AdminBackup) => void;
}

function StateCell({ backup, t, language }: { backup: AdminBackup; t: TFunction; language: string }) {
  const label = t(`admin.backups.list.states.${backup.state}`);
  return (
    <div className="cell-stack">
      <span className={`badge backup-state-${backup.state}`} data-state={backup.state}>
        {backup.state === 'running' ? (
          <span className="spinner spinner-xs" aria-hidden="true" />
        ) : (
          <Icon name={backup.state === 'done' ? 'check' : backup.state === 'failed' ? 'alert' : 'clock'} size={14} />
        )}
        {backup.state === 'running' && backup.progress !== null
          ? t('admin.backups.list.runningAt', { percent: formatPercent(backup.progress, 1, language) })
          : label}
      </span>
      {backup.state === 'failed' && backup.error && (
        // Clamped to two lines by the stylesheet; the whole message is in the tooltip.
        <p className="backup-error" title={backup.error}>
          {backup.error}
        </p>
      )}
    </div>
  );
}

/** The backups table: whose, when, how it went, why it ran, what it added, its hosting now, and "Bring back". */
export function backupColumns({ t, language, pendingId, onBringBack }: ColumnOptions): Column<AdminBackup>[] {
  const none = <span className="cell-muted">{t('common.none')}</span>;
  return [
    {
      key: 'member',
      header: t('admin.backups.list.columns.member'),
      cell: (backup) => <strong className="cell-member">{backup.username}</strong>,
    },
    {
      key: 'started',
      header: t('admin.backups.list.columns.started'),
      cell: (backup) => (
        <time className="cell-date" dateTime={backup.started_at}>
          <span>{formatShortDate(backup.started_at, language)}</span>{' '}
          <span>{formatShortTime(backup.started_at, language)}</span>
        </time>
      ),
    },
    {
      key: 'state',
      header: t('admin.backups.list.columns.state'),
      cell: (backup) => <StateCell backup={backup} t={t} language={language} />,
    },
    {
      key: 'trigger',
      header: t('admin.backups.list.columns.trigger'),
      cell: (backup) => t(`admin.backups.list.triggers.${backup.trigger}`),
    },
    {
      key: 'added',
      header: t('admin.backups.list.columns.added'),
      cell: (backup) =>
        backup.bytes_added === null ? (
          none
        ) : (
          <span className="cell-stack">
            <span>{formatBytes(backup.bytes_added, language)}</span>
            {backup.bytes_processed !== null && (
              <span className="cell-muted">
                {t('admin.backups.list.read', { size: formatBytes(backup.bytes_processed, language) })}
              </span>
            )}
          </span>
        ),
    },
    {
      key: 'hosting',
      header: t('admin.backups.list.columns.hosting'),
      cell: (backup) => (
        <div className="cell-stack">
          {backup.hosting_status === null ? (
            <span className="cell-muted">{t('admin.backups.list.hostingGone')}</span>
          ) : (
            <StatusBadge status={backup.hosting_status} />
          )}
          {backup.keep_until !== null && (
            <span className="cell-muted">
              {t('admin.backups.list.keptUntil', { time: formatDateTime(backup.keep_until, language) })}
            </span>
          )}
        </div>
      ),
    },
    {
      key: 'actions',
      header: t('admin.backups.list.columns.actions'),
      cell: (backup) =>
        backup.restorable ? (
          <div className="cell-actions">
            <Button
              icon="undo"
              pending={pendingId === backup.id}
              disabled={pendingId !== null}
              aria-label={t('admin.backups.bringBack.buttonFor', { username: backup.username })}
              onClick={() => onBringBack(backup)}
            >
              {t('admin.backups.bringBack.button')}
            </Button>
          </div>
        ) : (
          none
        ),
    },
  ];
}
