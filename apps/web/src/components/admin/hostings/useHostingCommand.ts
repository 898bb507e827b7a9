import type { AdminHosting } from '@hostbay/contract/admin';
import type { HostingCommand } from '@hostbay/contract/hosting';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { adminKeys } from '../../../api/queries/admin';
import { deleteAdminHosting, runAdminHostingAction } from '../../../api/queries/admin-hostings';
import { errorMessage } from '../../../api/errors';

/** One command for one member's hosting. */
export interface HostingCommandRequest {
  hosting: AdminHosting;
  command: HostingCommand;
}

const DONE = {
  start: 'admin.hostings.start.done',
  stop: 'admin.hostings.stop.done',
  reboot: 'admin.hostings.reboot.done',
  delete: 'admin.hostings.delete.done',
} as const satisfies Record<HostingCommand, string>;

/**
 * Runs a command as the hosting's owner would (the API uses the owner's own operations), then
 * says how it went: the API's refusals (a suspended owner, a busy hosting) are shown as it words them.
 * Every admin list and the overview are asked again either way: a refusal often means the state moved.
 */
export function useHostingCommand() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ hosting, command }: HostingCommandRequest) =>
      command === 'delete' ? deleteAdminHosting(hosting.id) : runAdminHostingAction(hosting.id, command),
    onSuccess: (_, { hosting, command }) => toast.success(t(DONE[command], { owner: hosting.owner.username })),
    onError: (error) => toast.error(errorMessage(error, t)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.all }),
  });
}
