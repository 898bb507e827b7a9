import { useTranslation } from 'react-i18next';
import { PageHeader } from '../PageHeader';

export function AdminPlansPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('admin.plans.title')} />;
}
