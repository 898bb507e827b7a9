import type { CreatedHosting } from '@hostbay/contract/hosting';
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage, isApiError } from '../../api/errors';
import { useCreateHosting } from '../../hooks/useHostingMutations';
import { privateKeyKind } from '../../lib/private-key';
import { Button } from '../ui/Button';
import { fieldErrorText } from '../ui/form-errors';
import { TextAreaField } from '../ui/Field';
import { CommandLine } from './CommandLine';
import { useReturnFocus } from '../ui/use-return-focus';

interface CreateHostingDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (created: CreatedHosting) => void;
}

/** The commands that make a key and show its public half; typed as they are on each system. */
const KEYGEN = 'ssh-keygen -t ed25519';
const SHOW_KEY_UNIX = 'cat ~/.ssh/id_ed25519.pub';
const SHOW_KEY_WINDOWS = 'type $env:USERPROFILE\\.ssh\\id_ed25519.pub';

/**
 * Confirms the creation and takes the optional SSH public key. A private key pasted by mistake is
 * recognised here and never sent: the member's secret does not reach the server, not even to be refused.
 */
export function CreateHostingDialog({ open, onOpenChange, onCreated }: CreateHostingDialogProps) {
  // Opened from a button, not a Trigger: Radix would return focus to the page's body.
  const returnFocus = useReturnFocus();
  const { t } = useTranslation();
  const create = useCreateHosting();
  const [sshKey, setSshKey] = useState('');

  const keyProblem = isApiError(create.error)
    ? create.error.fieldErrors.find((item) => item.field === 'ssh_public_key')
    : undefined;
  const pastedPrivate = privateKeyKind(sshKey);
  const keyError = pastedPrivate
    ? t(`hosting.access.privateKey.${pastedPrivate}`)
    : keyProblem && fieldErrorText(keyProblem, t);
  const formError = create.error && !keyError ? errorMessage(create.error, t) : undefined;

  const changeOpen = (next: boolean) => {
    if (create.isPending) return;
    if (!next) {
      create.reset();
      setSshKey('');
    }
    onOpenChange(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pastedPrivate) return;
    const key = sshKey.trim();
    create.mutate(key ? { ssh_public_key: key } : {}, {
      onSuccess: (created) => {
        toast.success(t('hosting.create.success'));
        setSshKey('');
        create.reset();
        onCreated(created);
      },
      onError: (error) => {
        if (!isApiError(error) || error.fieldErrors.length === 0) toast.error(errorMessage(error, t));
      },
    });
  };

  return (
    <Dialog.Root open={open} onOpenChange={changeOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" {...returnFocus}>
          <Dialog.Title className="dialog-title">{t('hosting.create.title')}</Dialog.Title>
          <Dialog.Description className="dialog-description">{t('hosting.create.description')}</Dialog.Description>
          <form onSubmit={submit} noValidate>
            <TextAreaField
              label={t('hosting.create.sshKeyLabel')}
              hint={t('hosting.create.sshKeyHint')}
              error={keyError}
              name="ssh_public_key"
              rows={3}
              spellCheck={false}
              autoComplete="off"
              value={sshKey}
              onChange={(event) => {
                // A new paste gets a fresh verdict: the API's refusal of the previous key no longer applies.
                if (create.error) create.reset();
                setSshKey(event.target.value);
              }}
            />
            <details className="disclosure key-help">
              <summary>{t('hosting.access.keyHelp.summary')}</summary>
              <p>{t('hosting.access.keyHelp.make')}</p>
              <CommandLine command={KEYGEN} copyLabel={`${t('hosting.access.keyHelp.copy')}: ${KEYGEN}`} />
              <p>{t('hosting.access.keyHelp.files')}</p>
              <p>{t('hosting.access.keyHelp.showUnix')}</p>
              <CommandLine
                command={SHOW_KEY_UNIX}
                copyLabel={`${t('hosting.access.keyHelp.copy')}: ${SHOW_KEY_UNIX}`}
              />
              <p>{t('hosting.access.keyHelp.showWindows')}</p>
              <CommandLine
                command={SHOW_KEY_WINDOWS}
                copyLabel={`${t('hosting.access.keyHelp.copy')}: ${SHOW_KEY_WINDOWS}`}
              />
            </details>
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="dialog-actions">
              <Dialog.Close asChild>
                <Button disabled={create.isPending}>{t('common.cancel')}</Button>
              </Dialog.Close>
              <Button type="submit" variant="primary" icon="plus" pending={create.isPending}>
                {create.isPending ? t('hosting.create.pending') : t('hosting.create.submit')}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
