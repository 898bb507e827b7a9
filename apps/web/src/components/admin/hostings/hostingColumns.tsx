import type { AdminHosting } from '@hostbay/contract/admin';
import type { HostingCommand } from '@hostbay/contract/hosting';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../../lib/format';
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
      cell: (hosting) =>
        t('admin.hostings.size', {
          count: hosting.vcpus,
          memory: formatMemory(hosting.memory_mb, language),
          disk: formatDisk(hosting.disk_gb, language),
        }),
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
      cell: (hosting) => <time dateTime={hosting.created_at}>{formatDateTime(hosting.created_at, language)}</time>,
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
