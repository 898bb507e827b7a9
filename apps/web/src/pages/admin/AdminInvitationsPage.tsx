import { useTranslation } from 'react-i18next';
import { PageHeader } from '../PageHeader';

export function AdminInvitationsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('admin.invitations.title')} />;
}
