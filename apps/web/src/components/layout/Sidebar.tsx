import { useTranslation } from 'react-i18next';
import { NavLinks } from './NavLinks';

/** Tablet and desktop navigation; on a phone the header's menu button shows the same links. */
export function Sidebar() {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('nav.main')}>
      <NavLinks />
    </nav>
  );
}
