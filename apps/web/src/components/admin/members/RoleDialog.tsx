import type { AdminUser } from '@hostbay/contract/admin';
import { useTranslation } from 'react-i18next';
import { setMemberRole } from '../../../api/queries/admin-members';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useMemberMutation } from './useMemberMutation';

/** Makes a member an admin, or an admin a member: the opposite of what they are now, after a confirmation. */
export function RoleDialog({ member, onClose }: { member: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const mutation = useMemberMutation({
    mutationFn: ({ id, role }: { id: string; role: 'member' | 'admin' }) => setMemberRole(id, role),
    done: (changed) =>
      t(changed.is_admin ? 'admin.members.done.madeAdmin' : 'admin.members.done.removedAdmin', {
        name: changed.username,
      }),
    onSuccess: onClose,
    onFailure: onClose,
  });
  const removing = member?.is_admin ?? false;
  const name = member?.username;

  return (
    <ConfirmDialog
      open={member !== null}
      onOpenChange={(open) => !open && onClose()}
      title={t(removing ? 'admin.members.roleChange.removeTitle' : 'admin.members.roleChange.makeTitle', { name })}
      description={t(removing ? 'admin.members.roleChange.removeBody' : 'admin.members.roleChange.makeBody', {
        name,
      })}
      confirmLabel={t(removing ? 'admin.members.roleChange.removeConfirm' : 'admin.members.roleChange.makeConfirm')}
      pendingLabel={t('admin.members.roleChange.pending')}
      variant={removing ? 'danger' : 'primary'}
      pending={mutation.isPending}
      onConfirm={() => member && mutation.mutate({ id: member.id, role: removing ? 'member' : 'admin' })}
    />
  );
}
