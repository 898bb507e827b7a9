import { useTranslation } from 'react-i18next';
import { PageHeader } from '../PageHeader';

export function AdminMembersPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('admin.members.title')} />;
}
