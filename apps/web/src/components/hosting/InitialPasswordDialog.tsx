import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { CopyButton } from '../ui/CopyButton';
import { CommandLine } from './CommandLine';

interface InitialPasswordDialogProps {
  /** The one-time password; the dialog is open while it is set. */
  password: string | null;
  sshUser: string;
  /** `ssh -p <port> <user>@<host>`; empty until the creation has given the machine its SSH port. */
  sshCommand: string;
  onDismiss: () => void;
}

/**
 * Shows the SSH password the API returned once, at creation, when no key was given. The password cannot be
 * shown again, so nothing but "I have saved it" closes the dialog: not Escape, not a click beside it.
 */
export function InitialPasswordDialog({ password, sshUser, sshCommand, onDismiss }: InitialPasswordDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog.Root open={password !== null}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          onEscapeKeyDown={(event) => event.preventDefault()}
          onInteractOutside={(event) => event.preventDefault()}
        >
          <Dialog.Title className="dialog-title">{t('hosting.password.title')}</Dialog.Title>
          <Dialog.Description className="dialog-description">{t('hosting.password.body')}</Dialog.Description>
          <dl className="secret">
            <div>
              <dt>{t('auth.username')}</dt>
              <dd>
                <code>{sshUser}</code>
              </dd>
            </div>
            <div>
              <dt>{t('hosting.password.label')}</dt>
              <dd>
                <code data-testid="initial-password">{password}</code>
              </dd>
            </div>
          </dl>
          <p className="field-hint">{t('hosting.access.initialPassword.command')}</p>
          {sshCommand ? (
            <CommandLine
              command={sshCommand}
              copyLabel={t('hosting.access.initialPassword.copyCommand')}
              successMessage={t('hosting.quick.sshCopied')}
            />
          ) : (
            <p className="field-hint" role="status">
              {t('hosting.access.initialPassword.commandPending')}
            </p>
          )}
          <p className="field-hint">{t('hosting.access.initialPassword.stays')}</p>
          <div className="dialog-actions">
            {password && <CopyButton text={password} label={t('hosting.password.copy')} />}
            <Button variant="primary" onClick={onDismiss}>
              {t('hosting.password.dismiss')}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
