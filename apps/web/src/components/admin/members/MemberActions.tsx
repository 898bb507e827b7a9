import type { AdminUser } from '@hostbay/contract/admin';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import { approveMember, unsuspendMember } from '../../../api/queries/admin-members';
import { Button } from '../../ui/Button';
import { Icon, type IconName } from '../../ui/Icon';
import { actionsFor, type MemberAction, type MemberDialog } from './member-actions';
import { useMemberMutation } from './useMemberMutation';

const ICONS: Record<Exclude<MemberAction, 'approve'>, IconName> = {
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

/** A row's actions: Approve as a button (the common one), the rest in a menu; those that need a word first open a dialog. */
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
  const actions = actionsFor(member, self);
  const inMenu = actions.filter((action): action is Exclude<MemberAction, 'approve'> => action !== 'approve');

  const run = (action: Exclude<MemberAction, 'approve'>) => {
    if (action === 'unsuspend') unsuspend.mutate();
    else onOpen(action, member);
  };

  return (
    <div className="cell-actions">
      {actions.includes('approve') && (
        <Button variant="primary" icon="check" pending={approve.isPending} onClick={() => approve.mutate()}>
          {t('admin.members.actions.approve')}
        </Button>
      )}
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button pending={unsuspend.isPending} aria-label={t('admin.members.actions.menu', { name })}>
            {t('admin.members.actions.open')}
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu member-menu" align="end" sideOffset={6}>
            {self && <DropdownMenu.Label className="menu-label">{t('admin.members.actions.self')}</DropdownMenu.Label>}
            {inMenu.map((action) => (
              <DropdownMenu.Item
                key={action}
                className={action === 'delete' ? 'menu-item menu-item-danger' : 'menu-item'}
                onSelect={() => run(action)}
              >
                <Icon name={ICONS[action]} size={16} />
                {t(`admin.members.actions.${action}`)}
              </DropdownMenu.Item>
            ))}
            {!self && member.is_admin && member.status === 'active' && (
              <DropdownMenu.Item className="menu-item" disabled>
                <Icon name="stop" size={16} />
                {t('admin.members.actions.suspendAdmin')}
              </DropdownMenu.Item>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}
