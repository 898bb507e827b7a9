import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { deleteAccount } from '../../api/queries/account';
import { selectLogout, useAuthStore } from '../../stores/authStore';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextField } from '../ui/Field';
import { formErrors } from '../ui/form-errors';

/** Deletes the account and its hosting, after a confirmation with the password; then the member is signed out. */
export function DeleteAccount() {
  const { t } = useTranslation();
  const titleId = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useAuthStore(selectLogout);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');

  const mutation = useMutation({
    mutationFn: () => deleteAccount({ password }),
    onSuccess: () => {
      setOpen(false);
      logout('account_deleted');
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
  });
  const errors = formErrors(mutation.error, t);

  const changeOpen = (next: boolean) => {
    if (!next) {
      setPassword('');
      mutation.reset();
    }
    setOpen(next);
  };

  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('settings.deleteAccount.title')}
      </h2>
      <p className="field-hint">{t('settings.deleteAccount.hint')}</p>
      <Button variant="danger" icon="trash" onClick={() => changeOpen(true)}>
        {t('settings.deleteAccount.open')}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={changeOpen}
        title={t('settings.deleteAccount.confirmTitle')}
        description={t('settings.deleteAccount.confirmBody')}
        confirmLabel={t('settings.deleteAccount.confirm')}
        pendingLabel={t('settings.deleteAccount.pending')}
        pending={mutation.isPending}
        onConfirm={() => mutation.mutate()}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            mutation.mutate();
          }}
          noValidate
        >
          <TextField
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            error={errors.field('password')}
            onChange={(event) => setPassword(event.target.value)}
          />
          {errors.form && (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          )}
        </form>
      </ConfirmDialog>
    </section>
  );
}
