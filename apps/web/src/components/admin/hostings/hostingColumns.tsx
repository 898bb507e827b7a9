import type { AdminHosting } from '@hostbay/contract/admin';
import type { HostingCommand } from '@hostbay/contract/hosting';
import type { TFunction } from 'i18next';
import { formatShortDate, formatShortTime } from '../../../lib/format';
import { formatDisk, formatMemory } from '../../../lib/units';
import { StatusBadge } from '../../hosting/StatusBadge';
import type { Column } from '../DataTable';
import { HostingRowActions } from './HostingRowActions';

interface ColumnOptions {
  t: TFunction;
  language: string;
  /** The hosting a command is being sent for, if any. */
  pendingId: string | null;
  onCommand: (hosting: AdminHosting, command: HostingCommand) => void;
}

/** The hostings table: whose, in what state, how big, where it answers, since when, and what can be done. */
export function hostingColumns({ t, language, pendingId, onCommand }: ColumnOptions): Column<AdminHosting>[] {
  const none = <span className="cell-muted">{t('common.none')}</span>;
  return [
    {
      key: 'owner',
      header: t('admin.hostings.columns.owner'),
      cell: (hosting) => (
        <div className="cell-owner">
          <strong>{hosting.owner.username}</strong>
          <span className="cell-muted">{hosting.owner.email}</span>
          {hosting.owner.status === 'suspended' && (
            <span className="owner-suspended">{t('admin.hostings.ownerSuspended')}</span>
          )}
        </div>
      ),
    },
    {
      key: 'status',
      header: t('admin.hostings.columns.status'),
      cell: (hosting) => (
        <div className="cell-status">
          <StatusBadge status={hosting.status} />
          {hosting.status === 'ERROR' && hosting.error && (
            // Clamped to two lines by the stylesheet; the whole message is in the tooltip.
            <p className="hosting-error" title={hosting.error.message}>
              {hosting.error.message}
            </p>
          )}
        </div>
      ),
    },
    {
      key: 'size',
      header: t('admin.hostings.columns.size'),
      // Three parts that wrap between, never inside: one line in a card, a short column in the table.
      cell: (hosting) => (
        <span className="cell-size">
          <span>{t('admin.hostings.vcpus', { count: hosting.vcpus })}</span>
          <span>{formatMemory(hosting.memory_mb, language)}</span>
          <span>{formatDisk(hosting.disk_gb, language)}</span>
        </span>
      ),
    },
    {
      key: 'ssh',
      header: t('admin.hostings.columns.ssh'),
      cell: (hosting) => (hosting.ssh_port === null ? none : <code>{hosting.ssh_port}</code>),
    },
    {
      key: 'address',
      header: t('admin.hostings.columns.address'),
      cell: (hosting) => (hosting.ip_address === null ? none : <code>{hosting.ip_address}</code>),
    },
    {
      key: 'created',
      header: t('admin.hostings.columns.created'),
      cell: (hosting) => (
        <time className="cell-date" dateTime={hosting.created_at}>
          <span>{formatShortDate(hosting.created_at, language)}</span>{' '}
          <span>{formatShortTime(hosting.created_at, language)}</span>
        </time>
      ),
    },
    {
      key: 'actions',
      header: t('admin.hostings.columns.actions'),
      cell: (hosting) => (
        <div className="cell-actions">
          <HostingRowActions
            hosting={hosting}
            pending={pendingId === hosting.id}
            onCommand={(command) => onCommand(hosting, command)}
          />
        </div>
      ),
    },
  ];
}
