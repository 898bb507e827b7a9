import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { accountKeys, changePassword } from '../../api/queries/account';
import { selectRenewSession, useAuthStore } from '../../stores/authStore';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formErrors } from '../ui/form-errors';
import { useFocusFirstInvalid } from '../ui/use-focus-first-invalid';

/** Changes the password: the current one, then the new one. This session goes on; every other one ends. */
export function PasswordChangeForm() {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const renewSession = useAuthStore(selectRenewSession);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  const mutation = useMutation({
    mutationFn: () => changePassword({ current_password: current, new_password: next }),
    onSuccess: (result) => {
      renewSession(result.access_token, result.expires_in);
      setCurrent('');
      setNext('');
      toast.success(t('settings.password.changed'));
      void queryClient.invalidateQueries({ queryKey: accountKeys.activity() });
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
        {t('settings.password.title')}
      </h2>
      <p className="field-hint">{t('settings.password.hint')}</p>
      <form className="form" onSubmit={submit} noValidate ref={formRef}>
        <TextField
          label={t('settings.password.current')}
          name="current_password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          error={errors.field('current_password')}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <TextField
          label={t('settings.password.new')}
          hint={t('auth.passwordHint')}
          name="new_password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          error={errors.field('new_password')}
          onChange={(event) => setNext(event.target.value)}
        />
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <Button type="submit" variant="primary" pending={mutation.isPending}>
          {mutation.isPending ? t('settings.password.pending') : t('settings.password.submit')}
        </Button>
      </form>
    </section>
  );
}
