import { useTranslation } from 'react-i18next';
import { PageHeader } from '../PageHeader';

export function AdminAuditPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('admin.audit.title')} />;
}
