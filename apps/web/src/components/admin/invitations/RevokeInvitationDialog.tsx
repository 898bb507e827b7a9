import type { Invitation } from '@hostbay/contract/signup';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../../api/errors';
import { adminKeys } from '../../../api/queries/admin';
import { revokeInvitation } from '../../../api/queries/admin-invitations';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

interface RevokeInvitationDialogProps {
  /** The invitation to revoke; the dialog is open while it is set. */
  invitation: Invitation | null;
  onClose: () => void;
}

/** Asks before revoking: the link stops working at once, for good. */
export function RevokeInvitationDialog({ invitation, onClose }: RevokeInvitationDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => revokeInvitation(id),
    onSuccess: () => toast.success(t('admin.invitations.revoke.success')),
    // Used meanwhile (409) or gone (404): the server's sentence says which.
    onError: (error) => toast.error(errorMessage(error, t)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.all });
      onClose();
    },
  });

  return (
    <ConfirmDialog
      open={invitation !== null}
      onOpenChange={(open) => !open && onClose()}
      title={t('admin.invitations.revoke.confirmTitle')}
      description={
        invitation?.email
          ? t('admin.invitations.revoke.confirmBody', { email: invitation.email })
          : t('admin.invitations.revoke.confirmBodyAnyone')
      }
      confirmLabel={t('admin.invitations.revoke.confirm')}
      pendingLabel={t('admin.invitations.revoke.pending')}
      pending={mutation.isPending}
      onConfirm={() => invitation && mutation.mutate(invitation.id)}
    />
  );
}
