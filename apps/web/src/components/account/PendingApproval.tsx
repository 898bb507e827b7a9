import { useTranslation } from 'react-i18next';
import { EmptyState } from '../ui/PageStates';

/** In place of "create a hosting" while an admin has not yet approved the account (HOSTBAY_SIGNUP=approval). */
export function PendingApproval() {
  const { t } = useTranslation();
  return <EmptyState title={t('pending.title')} body={t('pending.body')} />;
}
