import type { AdminBackup } from '@hostbay/contract/backup';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

interface BringBackDialogProps {
  /** The backup to bring a hosting back from; kept while the dialog closes, so that it still names the member. */
  backup: AdminBackup | null;
  open: boolean;
  pending: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  /** Where focus lands when the row's button is gone (the backup is no longer restorable once it worked). */
  fallbackFocus: RefObject<HTMLElement | null>;
}

/** Asks before bringing a deleted hosting back: a new hosting for its member, same key or password, new SSH port. */
export function BringBackDialog({
  backup,
  open,
  pending,
  onOpenChange,
  onConfirm,
  fallbackFocus,
}: BringBackDialogProps) {
  const { t, i18n } = useTranslation();
  const username = backup?.username ?? '';
  const time = backup ? formatDateTime(backup.finished_at ?? backup.started_at, i18n.language) : '';
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('admin.backups.bringBack.title', { username })}
      description={t('admin.backups.bringBack.body', { username, time })}
      confirmLabel={t('admin.backups.bringBack.confirm')}
      pendingLabel={t('admin.backups.bringBack.pending')}
      pending={pending}
      variant="primary"
      onConfirm={onConfirm}
      fallbackFocus={fallbackFocus}
    />
  );
}
