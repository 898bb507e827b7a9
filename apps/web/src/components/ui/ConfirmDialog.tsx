import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonVariant } from './Button';
import { useReturnFocus } from './use-return-focus';

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  /** Keeps the confirm button off until the dialog's own check passes (a name typed out, say). */
  confirmDisabled?: boolean;
  variant?: ButtonVariant;
  /** Where focus goes on closing when the button that opened the dialog is gone (the item it deleted, say). */
  fallbackFocus?: RefObject<HTMLElement | null>;
  children?: ReactNode;
}

/**
 * A yes/no question that must be answered before a consequential action.
 * Focus starts on Cancel, so Enter never deletes anything by accident, and
 * goes back to what opened the dialog when it closes.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  pendingLabel,
  onConfirm,
  pending = false,
  confirmDisabled = false,
  variant = 'danger',
  fallbackFocus,
  children,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const returnFocus = useReturnFocus(fallbackFocus);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog" {...returnFocus}>
          <AlertDialog.Title className="dialog-title">{title}</AlertDialog.Title>
          <AlertDialog.Description className="dialog-description">{description}</AlertDialog.Description>
          {children}
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <Button disabled={pending}>{t('common.cancel')}</Button>
            </AlertDialog.Cancel>
            {/* Not AlertDialog.Action: that would close the dialog before the request is answered. */}
            <Button variant={variant} pending={pending} disabled={confirmDisabled} onClick={onConfirm}>
              {pending ? pendingLabel : confirmLabel}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
