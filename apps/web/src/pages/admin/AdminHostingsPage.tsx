import { useTranslation } from 'react-i18next';
import { PageHeader } from '../PageHeader';

export function AdminHostingsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('admin.hostings.title')} />;
}
