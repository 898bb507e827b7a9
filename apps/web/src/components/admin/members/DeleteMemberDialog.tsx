import type { AdminUser } from '@hostbay/contract/admin';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteMember } from '../../../api/queries/admin-members';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextField } from '../../ui/Field';
import { useMemberMutation } from './useMemberMutation';

/**
 * Deletes a member and their hosting. The admin types the username first: with a list of look-alike names,
 * a click on the wrong row must not be enough to wipe someone's site.
 */
export function DeleteMemberDialog({ member, onClose }: { member: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  const mutation = useMemberMutation({
    mutationFn: ({ id }: { id: string; name: string }) => deleteMember(id),
    done: (deletion, { name }) =>
      t(deletion.state === 'deleted' ? 'admin.members.done.deleted' : 'admin.members.done.deleting', { name }),
    onSuccess: close,
    onFailure: close,
  });
  const name = member?.username ?? '';
  const confirmed = member !== null && typed.trim() === member.username;
  const submit = () => confirmed && mutation.mutate({ id: member.id, name: member.username });

  return (
    <ConfirmDialog
      open={member !== null}
      onOpenChange={(open) => !open && close()}
      title={t('admin.members.delete.title', { name })}
      description={t(member?.hosting ? 'admin.members.delete.body' : 'admin.members.delete.bodyNoHosting')}
      confirmLabel={t('admin.members.delete.confirm')}
      pendingLabel={t('admin.members.delete.pending')}
      pending={mutation.isPending}
      confirmDisabled={!confirmed}
      onConfirm={submit}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <TextField
          label={t('admin.members.delete.typeName', { name })}
          name="confirm-username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </form>
    </ConfirmDialog>
  );
}
