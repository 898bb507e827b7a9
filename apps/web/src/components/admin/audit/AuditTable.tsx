import type { AuditEntry } from '@hostbay/contract/audit';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../DataTable';
import { actionLabel } from './audit-labels';
import { ActorCell, ClientIpCell, DetailCell, RequestIdCell, ResultBadge, TargetCell, TimeCell } from './AuditCells';

/** The entries as a table (a card per entry below 1280 px); `stale` while other filters' entries load. */
export function AuditTable({ entries, stale }: { entries: AuditEntry[]; stale: boolean }) {
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
      cell: (entry) => <ClientIpCell ip={entry.client_ip} />,
    },
    {
      key: 'request-id',
      header: t('admin.audit.columns.requestId'),
      cell: (entry) => <RequestIdCell id={entry.request_id} />,
    },
    { key: 'detail', header: t('admin.audit.columns.detail'), cell: (entry) => <DetailCell detail={entry.detail} /> },
  ];
  return (
    // The class lets the stylesheet make cards on a tablet too: eight columns do not fit there.
    <div className="audit-log" aria-busy={stale || undefined}>
      <DataTable caption={t('admin.audit.caption')} columns={columns} rows={entries} rowKey={(entry) => entry.id} />
    </div>
  );
}
