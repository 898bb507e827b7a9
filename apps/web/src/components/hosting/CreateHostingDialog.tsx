import type { CreatedHosting } from '@hostbay/contract/hosting';
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage, isApiError } from '../../api/errors';
import { useCreateHosting } from '../../hooks/useHostingMutations';
import { Button } from '../ui/Button';
import { fieldErrorText } from '../ui/form-errors';
import { TextAreaField } from '../ui/Field';

interface CreateHostingDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (created: CreatedHosting) => void;
}

/** Confirms the creation and takes the optional SSH public key. */
export function CreateHostingDialog({ open, onOpenChange, onCreated }: CreateHostingDialogProps) {
  const { t } = useTranslation();
  const create = useCreateHosting();
  const [sshKey, setSshKey] = useState('');

  const keyProblem = isApiError(create.error)
    ? create.error.fieldErrors.find((item) => item.field === 'ssh_public_key')
    : undefined;
  const keyError = keyProblem && fieldErrorText(keyProblem, t);
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
        <Dialog.Content className="dialog">
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
              onChange={(event) => setSshKey(event.target.value)}
            />
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
