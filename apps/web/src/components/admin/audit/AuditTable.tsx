import type { AuditEntry } from '@hostbay/contract/audit';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../DataTable';
import { actionLabel } from './audit-labels';
import { ActorCell, DetailCell, RequestIdCell, ResultBadge, TargetCell, TimeCell } from './AuditCells';

/** The entries as a table (a card per entry on a phone). */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const columns: Column<AuditEntry>[] = [
    { key: 'at', header: t('admin.audit.columns.at'), cell: (entry) => <TimeCell at={entry.at} /> },
    { key: 'actor', header: t('admin.audit.columns.actor'), cell: (entry) => <ActorCell actor={entry.actor} /> },
    { key: 'action', header: t('admin.audit.columns.action'), cell: (entry) => actionLabel(entry.action, t) },
    { key: 'target', header: t('admin.audit.columns.target'), cell: (entry) => <TargetCell target={entry.target} /> },
    { key: 'result', header: t('admin.audit.columns.result'), cell: (entry) => <ResultBadge result={entry.result} /> },
    {
      key: 'client-ip',
      header: t('admin.audit.columns.clientIp'),
      cell: (entry) => <span className="audit-ip">{entry.client_ip ?? t('common.none')}</span>,
    },
    {
      key: 'request-id',
      header: t('admin.audit.columns.requestId'),
      cell: (entry) => <RequestIdCell id={entry.request_id} />,
    },
    { key: 'detail', header: t('admin.audit.columns.detail'), cell: (entry) => <DetailCell detail={entry.detail} /> },
  ];
  return <DataTable caption={t('admin.audit.caption')} columns={columns} rows={entries} rowKey={(entry) => entry.id} />;
}
