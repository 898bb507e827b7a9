import { useTranslation } from 'react-i18next';
import { PageHeader } from '../PageHeader';

export function AdminOverviewPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('admin.overview.title')} />;
}
