import type { AdminBackup, AdminBackupList } from '@hostbay/contract/backup';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage, isApiError } from '../../../api/errors';
import { adminKeys } from '../../../api/queries/admin';
import { restoreBackup, runBackups } from '../../../api/queries/admin-backups';

/**
 * "Back up now": the round the API started goes into the cached overview at once (the button turns off and
 * the list starts following it), then the list is asked again. A refusal because one runs already says so.
 */
export function useRunBackups() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runBackups,
    onSuccess: (round) => {
      queryClient.setQueryData<AdminBackupList>(
        adminKeys.backups(),
        (list) => list && { ...list, overview: { ...list.overview, round } },
      );
      toast.success(t('admin.backups.summary.runStarted'));
    },
    onError: (error) =>
      toast.error(isApiError(error, 'conflict') ? t('admin.backups.summary.alreadyRunning') : errorMessage(error, t)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.backups() }),
  });
}

/**
 * Brings a deleted hosting back for its member. The API's refusals (the member has a hosting now, a newer
 * backup) are shown as it words them; every admin list is asked again either way, the hostings' too.
 */
export function useBringBack() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (backup: AdminBackup) => restoreBackup(backup.id),
    onSuccess: (restored) => toast.success(t('admin.backups.bringBack.done', { username: restored.username })),
    onError: (error) => toast.error(errorMessage(error, t)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.all }),
  });
}
