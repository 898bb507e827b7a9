import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { Icon, type IconName } from '../ui/Icon';

const LINKS: { to: string; label: 'nav.dashboard' | 'nav.hosting' | 'nav.settings'; icon: IconName; end?: boolean }[] =
  [
    { to: '/', label: 'nav.dashboard', icon: 'dashboard', end: true },
    { to: '/hosting', label: 'nav.hosting', icon: 'server' },
    { to: '/settings', label: 'nav.settings', icon: 'settings' },
  ];

/** The main navigation, shared by the sidebar and the phone menu. */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <ul className="nav-list">
      {LINKS.map((link) => (
        <li key={link.to}>
          <NavLink to={link.to} end={link.end ?? false} className="nav-link" onClick={onNavigate}>
            <Icon name={link.icon} size={20} />
            <span className="nav-label">{t(link.label)}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
