import type { CreatedInvitation } from '@hostbay/contract/signup';
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import { invitationLink } from '../../../api/queries/admin-invitations';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { useReturnFocus } from '../../ui/use-return-focus';

interface CreatedInvitationDialogProps {
  /** The invitation just made; the dialog is open while it is set. */
  invitation: CreatedInvitation | null;
  onDismiss: () => void;
}

/**
 * The sign-up link, shown once: the API stores only the token's hash, so once
 * this closes nobody can see the link again (a lost one is revoked and made anew).
 */
export function CreatedInvitationDialog({ invitation, onDismiss }: CreatedInvitationDialogProps) {
  const { t, i18n } = useTranslation();
  const returnFocus = useReturnFocus();
  const link = invitation ? invitationLink(invitation.token) : '';
  return (
    <Dialog.Root open={invitation !== null} onOpenChange={(open) => !open && onDismiss()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        {/* A click beside the dialog must not throw the link away. */}
        <Dialog.Content className="dialog" onPointerDownOutside={(event) => event.preventDefault()} {...returnFocus}>
          <Dialog.Title className="dialog-title">{t('admin.invitations.created.title')}</Dialog.Title>
          <Dialog.Description className="dialog-description">{t('admin.invitations.created.body')}</Dialog.Description>
          {invitation && (
            <>
              <dl className="secret">
                <div>
                  <dt>{t('admin.invitations.created.link')}</dt>
                  <dd className="invitation-link">
                    <code data-testid="invitation-link">{link}</code>
                  </dd>
                </div>
              </dl>
              <p className="field-hint invitation-terms">
                {invitation.email
                  ? t('admin.invitations.created.forEmail', { email: invitation.email })
                  : t('admin.invitations.created.forAnyone')}{' '}
                {t('admin.invitations.created.until', { date: formatDateTime(invitation.expires_at, i18n.language) })}
              </p>
            </>
          )}
          <div className="dialog-actions">
            {invitation && (
              <CopyButton
                text={link}
                label={t('admin.invitations.created.copy')}
                successMessage={t('admin.invitations.created.copied')}
              />
            )}
            <Button variant="primary" onClick={onDismiss}>
              {t('admin.invitations.created.done')}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
