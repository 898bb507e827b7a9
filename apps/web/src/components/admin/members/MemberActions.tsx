import type { AdminUser } from '@hostbay/contract/admin';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import { approveMember, unsuspendMember } from '../../../api/queries/admin-members';
import { Button } from '../../ui/Button';
import { Icon, type IconName } from '../../ui/Icon';
import { actionsFor, blockedAction, type MemberAction, type MemberDialog } from './member-actions';
import { useMemberMutation } from './useMemberMutation';

const ICONS: Record<MemberAction, IconName> = {
  approve: 'check',
  unsuspend: 'undo',
  suspend: 'stop',
  makeAdmin: 'key',
  removeAdmin: 'user',
  plan: 'layers',
  resetPassword: 'refresh',
  delete: 'trash',
};

interface MemberActionsProps {
  member: AdminUser;
  self: boolean;
  onOpen: (dialog: MemberDialog, member: AdminUser) => void;
}

/**
 * A row's actions in one menu (a button per action would not fit a table row beside six columns); approving
 * and unsuspending run at once, the rest open a dialog that asks first.
 */
export function MemberActions({ member, self, onOpen }: MemberActionsProps) {
  const { t } = useTranslation();
  const name = member.username;
  const approve = useMemberMutation({
    mutationFn: () => approveMember(member.id),
    done: () => t('admin.members.done.approved', { name }),
  });
  const unsuspend = useMemberMutation({
    mutationFn: () => unsuspendMember(member.id),
    done: () => t('admin.members.done.unsuspended', { name }),
  });
  const run = (action: MemberAction) => {
    if (action === 'approve') approve.mutate();
    else if (action === 'unsuspend') unsuspend.mutate();
    else onOpen(action, member);
  };

  return (
    <div className="cell-actions">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button
            pending={approve.isPending || unsuspend.isPending}
            aria-label={t('admin.members.actions.menu', { name })}
          >
            {t('admin.members.actions.open')}
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu member-menu" align="end" sideOffset={6}>
            {self && <DropdownMenu.Label className="menu-label">{t('admin.members.actions.self')}</DropdownMenu.Label>}
            {actionsFor(member, self).map((action) => {
              const blocked = blockedAction(action, member);
              return (
                <DropdownMenu.Item
                  key={action}
                  className={action === 'delete' ? 'menu-item menu-item-danger' : 'menu-item'}
                  disabled={blocked !== undefined}
                  onSelect={() => run(action)}
                >
                  <Icon name={ICONS[action]} size={16} />
                  {t(`admin.members.actions.${blocked ?? action}`)}
                </DropdownMenu.Item>
              );
            })}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}
