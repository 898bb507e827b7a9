import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { selectUser, useAuthStore } from '../../stores/authStore';
import { Icon, type IconName } from '../ui/Icon';

type NavLabel =
  | 'nav.dashboard'
  | 'nav.hosting'
  | 'nav.settings'
  | 'nav.admin.overview'
  | 'nav.admin.members'
  | 'nav.admin.hostings'
  | 'nav.admin.invitations'
  | 'nav.admin.plans'
  | 'nav.admin.audit'
  | 'nav.admin.backups';

interface Link {
  to: string;
  label: NavLabel;
  icon: IconName;
  end?: boolean;
}

const MEMBER_LINKS: Link[] = [
  { to: '/', label: 'nav.dashboard', icon: 'dashboard', end: true },
  { to: '/hosting', label: 'nav.hosting', icon: 'server' },
  { to: '/settings', label: 'nav.settings', icon: 'settings' },
];

const ADMIN_LINKS: Link[] = [
  { to: '/admin', label: 'nav.admin.overview', icon: 'gauge', end: true },
  { to: '/admin/members', label: 'nav.admin.members', icon: 'users' },
  { to: '/admin/hostings', label: 'nav.admin.hostings', icon: 'server' },
  { to: '/admin/invitations', label: 'nav.admin.invitations', icon: 'mail' },
  { to: '/admin/plans', label: 'nav.admin.plans', icon: 'layers' },
  { to: '/admin/audit', label: 'nav.admin.audit', icon: 'list' },
  { to: '/admin/backups', label: 'nav.admin.backups', icon: 'archive' },
];

function LinkList({ links, onNavigate }: { links: Link[]; onNavigate?: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <ul className="nav-list">
      {links.map((link) => (
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

/** The main navigation, shared by the sidebar and the phone menu; admins also get the operator console's pages. */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const isAdmin = useAuthStore(selectUser)?.is_admin === true;
  return (
    <>
      <LinkList links={MEMBER_LINKS} onNavigate={onNavigate} />
      {isAdmin && (
        <div className="nav-section">
          <p className="nav-section-title">{t('nav.admin.title')}</p>
          <LinkList links={ADMIN_LINKS} onNavigate={onNavigate} />
        </div>
      )}
    </>
  );
}
