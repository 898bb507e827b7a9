import type { AdminUser } from '@hostbay/contract/admin';
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resetMemberPassword } from '../../../api/queries/admin-members';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { Icon } from '../../ui/Icon';
import { useReturnFocus } from '../../ui/use-return-focus';
import { useMemberMutation } from './useMemberMutation';

interface Revealed {
  name: string;
  password: string;
}

/**
 * Resets a member's password after a confirmation, then shows the new one: once, from component state only
 * (never the query cache), until the admin closes it.
 */
export function ResetPasswordDialog({ member, onClose }: { member: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const returnFocus = useReturnFocus();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const mutation = useMemberMutation({
    mutationFn: ({ id }: { id: string; name: string }) => resetMemberPassword(id),
    done: (_reset, { name }) => t('admin.members.done.passwordReset', { name }),
    onSuccess: onClose,
    onFailure: onClose,
  });
  const name = member?.username;

  return (
    <>
      <ConfirmDialog
        open={member !== null}
        onOpenChange={(open) => !open && onClose()}
        title={t('admin.members.reset.title', { name })}
        description={t('admin.members.reset.body', { name })}
        confirmLabel={t('admin.members.reset.confirm')}
        pendingLabel={t('admin.members.reset.pending')}
        pending={mutation.isPending}
        onConfirm={() =>
          member &&
          mutation.mutate(
            { id: member.id, name: member.username },
            { onSuccess: (reset) => setRevealed({ name: member.username, password: reset.password }) },
          )
        }
      />
      <Dialog.Root open={revealed !== null} onOpenChange={(open) => !open && setRevealed(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="dialog-overlay" />
          {/* Not closed by a click beside it: the password would be gone for good. */}
          <Dialog.Content className="dialog" onPointerDownOutside={(event) => event.preventDefault()} {...returnFocus}>
            <Dialog.Title className="dialog-title">
              {t('admin.members.reset.doneTitle', { name: revealed?.name })}
            </Dialog.Title>
            <Dialog.Description className="dialog-description">
              {t('admin.members.reset.doneBody', { name: revealed?.name })}
            </Dialog.Description>
            <dl className="secret">
              <div>
                <dt>{t('admin.members.reset.label')}</dt>
                <dd>
                  <code className="member-password">{revealed?.password}</code>
                </dd>
              </div>
            </dl>
            <p className="member-secret-warning" role="note">
              <Icon name="alert" size={16} />
              {t('admin.members.reset.warning')}
            </p>
            <div className="dialog-actions">
              {revealed && <CopyButton text={revealed.password} label={t('admin.members.reset.copy')} />}
              <Button variant="primary" onClick={() => setRevealed(null)}>
                {t('admin.members.reset.dismiss')}
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}
