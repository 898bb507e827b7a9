import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { isApiError } from '../../api/errors';
import { setConsolePassword } from '../../api/queries/machine-console';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formErrors } from '../ui/form-errors';
import { isConsoleCode, machineConsoleErrorMessage } from './machine-console-errors';

/**
 * For a member who made the hosting with an SSH key, whose machine account has no password to type at
 * the console's login prompt: sets one, through the guest agent.
 */
export function ConsolePasswordForm({ account }: { account: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => setConsolePassword({ password }),
    onSuccess: () => {
      setPassword('');
      toast.success(t('machineConsole.password.done', { login: account }));
    },
  });

  const error = mutation.error;
  // The guest agent's silence (503) and a machine without a console (409) are this page's words, not the API's.
  const errors = isApiError(error) && isConsoleCode(error.code) ? null : formErrors(error, t);
  const formError = errors ? errors.form : machineConsoleErrorMessage(error, t);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <section className="card console-password" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('machineConsole.password.title')}
      </h2>
      <p className="field-hint">{t('machineConsole.password.intro')}</p>
      <p className="field-hint">{t('machineConsole.password.ssh')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('machineConsole.password.label', { login: account })}
          hint={t('machineConsole.password.hint')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          error={errors?.field('password')}
          onChange={(event) => setPassword(event.target.value)}
        />
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <Button type="submit" variant="primary" pending={mutation.isPending}>
          {mutation.isPending ? t('machineConsole.password.pending') : t('machineConsole.password.submit')}
        </Button>
      </form>
    </section>
  );
}
