import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { CopyButton } from '../ui/CopyButton';

interface InitialPasswordDialogProps {
  /** The one-time password; the dialog is open while it is set. */
  password: string | null;
  sshUser: string;
  onDismiss: () => void;
}

/** Shows the SSH password the API returned once, at creation, when no key was given. */
export function InitialPasswordDialog({ password, sshUser, onDismiss }: InitialPasswordDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog.Root open={password !== null} onOpenChange={(open) => !open && onDismiss()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" onPointerDownOutside={(event) => event.preventDefault()}>
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
