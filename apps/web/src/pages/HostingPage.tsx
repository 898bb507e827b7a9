import { useTranslation } from 'react-i18next';
import { HostingManager } from '../components/hosting/HostingManager';
import { PageHeader } from './PageHeader';

export function HostingPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('hosting.title')} subtitle={t('hosting.subtitle')} />
      <HostingManager />
    </>
  );
}
