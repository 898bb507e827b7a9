import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage, isApiError } from '../../../api/errors';
import { adminKeys } from '../../../api/queries/admin';
import { deletePlan } from '../../../api/queries/admin-plans';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import type { NamedPlan } from './PlanFormDialog';

interface DeletePlanDialogProps {
  /** The plan to delete; the dialog is open while it is set. */
  plan: NamedPlan | null;
  onClose: () => void;
}

/** The API refuses a plan members are on (409 `plan_in_use`, with how many in `details.members`). */
function failureText(error: unknown, t: TFunction): string {
  if (!isApiError(error, 'plan_in_use')) return errorMessage(error, t);
  const details = error.details;
  const count =
    typeof details === 'object' && details !== null && 'members' in details && typeof details.members === 'number'
      ? details.members
      : 1;
  return t('admin.plans.delete.inUse', { count });
}

/**
 * Asks before deleting a plan. A plan members are on is still offered: the
 * count shown may be old, and the API, which knows, refuses with a reason.
 */
export function DeletePlanDialog({ plan, onClose }: DeletePlanDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => deletePlan(id),
    onSuccess: (deleted) => toast.success(t('admin.plans.delete.success', { name: deleted.name })),
    onError: (error) => toast.error(failureText(error, t)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.all });
      onClose();
    },
  });

  return (
    <ConfirmDialog
      open={plan !== null}
      onOpenChange={(open) => !open && onClose()}
      title={t('admin.plans.delete.confirmTitle', { name: plan?.name ?? '' })}
      description={
        plan && plan.members > 0
          ? t('admin.plans.delete.confirmBodyInUse', { count: plan.members })
          : t('admin.plans.delete.confirmBody')
      }
      confirmLabel={t('admin.plans.delete.confirm')}
      pendingLabel={t('admin.plans.delete.pending')}
      pending={mutation.isPending}
      onConfirm={() => plan && mutation.mutate(plan.id)}
    />
  );
}
