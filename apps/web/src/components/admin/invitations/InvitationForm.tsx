import type { CreatedInvitation } from '@hostbay/contract/signup';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { adminKeys } from '../../../api/queries/admin';
import { createInvitation } from '../../../api/queries/admin-invitations';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { formErrors } from '../../ui/form-errors';
import { DEFAULT_EXPIRY, ExpiryChoices, type ExpiryDays } from './ExpiryChoices';
import { useFocusFirstInvalid } from '../../ui/use-focus-first-invalid';

/** Makes an invitation: an optional email it is bound to, and how long it works. */
export function InvitationForm({ onCreated }: { onCreated: (invitation: CreatedInvitation) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [days, setDays] = useState<ExpiryDays>(DEFAULT_EXPIRY);

  const mutation = useMutation({
    mutationFn: () => {
      const bound = email.trim();
      return createInvitation({ expires_in_days: days, ...(bound ? { email: bound } : {}) });
    },
    onSuccess: (created) => {
      toast.success(t('admin.invitations.create.success'));
      setEmail('');
      setDays(DEFAULT_EXPIRY);
      void queryClient.invalidateQueries({ queryKey: adminKeys.all });
      onCreated(created);
    },
  });
  const errors = formErrors(mutation.error, t);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.invitations.create.title')}
      </h2>
      <form className="form invitation-form" onSubmit={submit} noValidate ref={formRef}>
        <TextField
          label={t('admin.invitations.create.email')}
          hint={t('admin.invitations.create.emailHint')}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          error={errors.field('email')}
          onChange={(event) => setEmail(event.target.value)}
        />
        <ExpiryChoices value={days} onChange={setDays} />
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <div>
          <Button type="submit" variant="primary" icon="mail" pending={mutation.isPending}>
            {mutation.isPending ? t('admin.invitations.create.pending') : t('admin.invitations.create.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
