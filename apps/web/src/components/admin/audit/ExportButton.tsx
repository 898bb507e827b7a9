import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { exportAuditCsv, type AuditRequestFilters } from '../../../api/queries/admin-audit';
import { errorMessage } from '../../../api/errors';
import { saveFile } from '../../../lib/download';
import { Button } from '../../ui/Button';

/** Today in the admin's calendar, for the file's name. */
function localDay(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Every entry that matches the filters as a CSV file. The API wants the session token, which a plain
 * link cannot send: the dashboard fetches the file and hands it to the browser's downloads.
 */
export function ExportButton({ filters }: { filters: AuditRequestFilters }) {
  const { t } = useTranslation();
  const exportCsv = useMutation({
    mutationFn: async () => saveFile(await exportAuditCsv(filters), `hostbay-audit-${localDay(new Date())}.csv`),
    onSuccess: () => toast.success(t('admin.audit.export.done')),
    onError: (error) => toast.error(t('admin.audit.export.failed'), { description: errorMessage(error, t) }),
  });
  return (
    <Button icon="download" pending={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
      {exportCsv.isPending ? t('admin.audit.export.pending') : t('admin.audit.export.button')}
    </Button>
  );
}
