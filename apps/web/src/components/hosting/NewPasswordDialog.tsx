import type { ErrorCode } from '@hostbay/contract/envelope';
import type { Hosting } from '@hostbay/contract/hosting';
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { isApiError } from '../../api/errors';
import { setConsolePassword } from '../../api/queries/machine-console';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formErrors } from '../ui/form-errors';

/** The refusals of PUT /hosting/my/console/password that this dialog says in its own words. */
const MACHINE_CODES = ['console_unavailable', 'guest_agent_unavailable'] as const satisfies readonly ErrorCode[];
type MachineCode = (typeof MACHINE_CODES)[number];

function isMachineCode(code: string): code is MachineCode {
  return (MACHINE_CODES as readonly string[]).includes(code);
}

/**
 * Sets a new password for the machine's own account (the same endpoint as the console page's form). What it
 * changes depends on how the hosting was made: for a password hosting it is the SSH password too; a key-only
 * hosting's sshd refuses passwords, so there it is only the console's.
 */
export function NewPasswordDialog({ hosting }: { hosting: Pick<Hosting, 'ssh_user' | 'ssh_auth' | 'status'> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const user = hosting.ssh_user;
  const mutation = useMutation({
    mutationFn: () => setConsolePassword({ password }),
    onSuccess: () => {
      setOpen(false);
      setPassword('');
      toast.success(t('hosting.access.newPassword.done', { user }));
    },
  });

  const error = mutation.error;
  const machineError = isApiError(error) && isMachineCode(error.code) ? error.code : null;
  const errors = machineError ? null : formErrors(error, t);
  const formError = machineError ? t(`hosting.access.newPassword.errors.${machineError}`) : errors?.form;
  const running = hosting.status === 'RUNNING';

  const changeOpen = (next: boolean) => {
    if (mutation.isPending) return;
    if (!next) {
      mutation.reset();
      setPassword('');
    }
    setOpen(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <Dialog.Root open={open} onOpenChange={changeOpen}>
      <Dialog.Trigger asChild>
        <Button icon="key">{t('hosting.access.newPassword.open')}</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog-title">{t('hosting.access.newPassword.title')}</Dialog.Title>
          <Dialog.Description className="dialog-description">
            {t(`hosting.access.newPassword.${hosting.ssh_auth}`)}
          </Dialog.Description>
          {running ? (
            <form onSubmit={submit} noValidate>
              <TextField
                label={t('hosting.access.newPassword.label', { user })}
                hint={t('hosting.access.newPassword.hint')}
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
              <div className="dialog-actions">
                <Dialog.Close asChild>
                  <Button disabled={mutation.isPending}>{t('common.cancel')}</Button>
                </Dialog.Close>
                <Button type="submit" variant="primary" pending={mutation.isPending}>
                  {mutation.isPending
                    ? t('hosting.access.newPassword.pending')
                    : t('hosting.access.newPassword.submit')}
                </Button>
              </div>
            </form>
          ) : (
            <>
              <p className="field-hint">{t('hosting.access.newPassword.notRunning')}</p>
              <div className="dialog-actions">
                <Dialog.Close asChild>
                  <Button>{t('common.close')}</Button>
                </Dialog.Close>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
