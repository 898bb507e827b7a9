import type { AdminHosting } from '@hostbay/contract/admin';
import type { HostingCommand } from '@hostbay/contract/hosting';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Icon, type IconName } from '../../ui/Icon';

const ICONS: Record<HostingCommand, IconName> = { start: 'play', stop: 'stop', reboot: 'reboot', delete: 'trash' };

interface HostingRowActionsProps {
  hosting: AdminHosting;
  /** A command for this hosting is being sent. */
  pending: boolean;
  onCommand: (command: HostingCommand) => void;
}

/** A menu of what the API says an admin may do now (`allowed_actions`); nothing while it is being deleted. */
export function HostingRowActions({ hosting, pending, onCommand }: HostingRowActionsProps) {
  const { t } = useTranslation();
  const commands = hosting.allowed_actions;
  if (commands.length === 0) return <span className="cell-muted">{t('common.none')}</span>;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button
          className="row-menu-trigger"
          pending={pending}
          aria-label={t('admin.hostings.menu', { owner: hosting.owner.username })}
        >
          {t('admin.hostings.columns.actions')}
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          {commands.map((command) => (
            <DropdownMenu.Item
              key={command}
              className={command === 'delete' ? 'menu-item menu-item-danger' : 'menu-item'}
              onSelect={() => onCommand(command)}
            >
              <Icon name={ICONS[command]} size={16} />
              {t(`hosting.actions.${command}`)}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
