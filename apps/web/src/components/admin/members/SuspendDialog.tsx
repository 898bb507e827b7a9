import { SUSPENSION_REASON_MAX_LENGTH } from '@hostbay/contract/validation-messages';
import type { AdminUser } from '@hostbay/contract/admin';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { suspendMember } from '../../../api/queries/admin-members';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextField } from '../../ui/Field';
import { formErrors } from '../../ui/form-errors';
import { useMemberMutation } from './useMemberMutation';

/** The API's limit on a reason (SuspensionReason in the contract). */

/** Asks for the reason the member will be shown, then suspends them. */
export function SuspendDialog({ member, onClose }: { member: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const close = () => {
    setReason('');
    setMissing(false);
    mutation.reset();
    onClose();
  };
  const mutation = useMemberMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string; name: string }) => suspendMember(id, reason),
    done: (_result, { name }) => t('admin.members.done.suspended', { name }),
    onSuccess: close,
    // A refused reason (422) is shown at the field, where it can be fixed.
    shownInline: (error) => isApiError(error, 'validation_error'),
    onFailure: close,
  });
  const errors = formErrors(mutation.error, t);
  const reasonError = missing ? t('admin.members.suspend.reasonRequired') : errors.field('reason');

  const submit = () => {
    if (!member) return;
    if (reason.trim() === '') return setMissing(true);
    mutation.mutate({ id: member.id, reason: reason.trim(), name: member.username });
  };

  return (
    <ConfirmDialog
      open={member !== null}
      onOpenChange={(open) => !open && close()}
      title={t('admin.members.suspend.title', { name: member?.username })}
      description={t('admin.members.suspend.body')}
      confirmLabel={t('admin.members.suspend.confirm')}
      pendingLabel={t('admin.members.suspend.pending')}
      pending={mutation.isPending}
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
          label={t('admin.members.suspend.reason')}
          hint={t('admin.members.suspend.reasonHint')}
          name="reason"
          required
          maxLength={SUSPENSION_REASON_MAX_LENGTH}
          value={reason}
          error={reasonError}
          onChange={(event) => {
            setReason(event.target.value);
            setMissing(false);
          }}
        />
        {/* A 422 about something else than the reason (none is expected): still said, not swallowed. */}
        {!reasonError && errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
      </form>
    </ConfirmDialog>
  );
}
