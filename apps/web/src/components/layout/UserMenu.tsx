import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { selectLogout, selectUser, useAuthStore } from '../../stores/authStore';
import { Icon } from '../ui/Icon';

export function UserMenu() {
  const { t } = useTranslation();
  const user = useAuthStore(selectUser);
  const logout = useAuthStore(selectLogout);
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="user-button" aria-label={t('userMenu.label', { name: user.username })}>
          <span className="avatar" aria-hidden="true">
            {user.username.slice(0, 1).toUpperCase()}
          </span>
          <span className="user-name">{user.username}</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu-label">
            <span>{t('userMenu.signedInAs')}</span>
            <strong>{user.email}</strong>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item className="menu-item" onSelect={() => void navigate('/settings')}>
            <Icon name="settings" size={16} />
            {t('userMenu.settings')}
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => logout()}>
            <Icon name="logout" size={16} />
            {t('userMenu.logout')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
