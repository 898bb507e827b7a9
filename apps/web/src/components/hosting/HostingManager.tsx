import type { CreatedHosting } from '@hostbay/contract/hosting';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors';
import { useDeleteHosting } from '../../hooks/useHostingMutations';
import { useHostingStatus } from '../../hooks/useHostingStatus';
import { selectUser, useAuthStore } from '../../stores/authStore';
import { PendingApproval } from '../account/PendingApproval';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorState, LoadingState } from '../ui/PageStates';
import { CreateHostingDialog } from './CreateHostingDialog';
import { HostingDetails } from './HostingDetails';
import { InitialPasswordDialog } from './InitialPasswordDialog';

/**
 * The hosting screen: loading, load error with retry, the empty state with
 * create, or the details; create and delete each go through a dialog.
 */
export function HostingManager() {
  const live = useHostingStatus();
  const user = useAuthStore(selectUser);
  const { t } = useTranslation();
  const remove = useDeleteHosting();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [created, setCreated] = useState<CreatedHosting | null>(null);

  const refresh = () => {
    void live.refetch().then((result) => {
      if (!result.isError) toast.info(t('hosting.actions.refreshed'));
    });
  };

  const confirmDelete = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        setDeleting(false);
        toast.success(t('hosting.delete.success'));
      },
      onError: (error) => {
        setDeleting(false);
        toast.error(errorMessage(error, t));
      },
    });

  const onCreated = (result: CreatedHosting) => {
    setCreating(false);
    // Shown once: the password lives only in this component's state until dismissed.
    if (result.initial_password) setCreated(result);
  };

  const hosting = live.hosting;
  let body;
  if (live.isPending) body = <LoadingState label={t('hosting.loading')} />;
  else if (live.loadError)
    body = <ErrorState title={t('hosting.loadError')} error={live.loadError} onRetry={() => void live.refetch()} />;
  else if ((!hosting || hosting.status === 'DELETED') && user?.status === 'pending') body = <PendingApproval />;
  else if (!hosting || hosting.status === 'DELETED')
    body = (
      <EmptyState
        title={t('hosting.empty.title')}
        body={t('hosting.empty.body')}
        action={
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            {t('hosting.empty.create')}
          </Button>
        }
      />
    );
  else
    body = (
      <HostingDetails
        hosting={hosting}
        live={live}
        onRefresh={refresh}
        refreshing={live.isFetching}
        onDelete={() => setDeleting(true)}
      />
    );

  return (
    <>
      {body}
      <CreateHostingDialog open={creating} onOpenChange={setCreating} onCreated={onCreated} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('hosting.delete.title')}
        description={t('hosting.delete.body')}
        confirmLabel={t('hosting.delete.confirm')}
        pendingLabel={t('hosting.delete.pending')}
        pending={remove.isPending}
        onConfirm={confirmDelete}
      />
      <InitialPasswordDialog
        password={created?.initial_password ?? null}
        sshUser={created?.ssh_user ?? ''}
        // The creation gives the machine its SSH port a moment after this answer: the live hosting has it.
        sshCommand={hosting?.ssh_command || created?.ssh_command || ''}
        onDismiss={() => setCreated(null)}
      />
    </>
  );
}
