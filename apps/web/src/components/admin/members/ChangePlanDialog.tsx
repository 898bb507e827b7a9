import type { AdminUser } from '@hostbay/contract/admin';
import type { AdminPlan } from '@hostbay/contract/plan';
import * as Dialog from '@radix-ui/react-dialog';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignMemberPlan } from '../../../api/queries/admin-members';
import { adminPlansQuery } from '../../../api/queries/admin-plans';
import { Button } from '../../ui/Button';
import { ErrorState, LoadingState } from '../../ui/PageStates';
import { useReturnFocus } from '../../ui/use-return-focus';
import { useMemberMutation } from './useMemberMutation';

/** The radio value of the default plan, which has no id. */
const DEFAULT = 'default';

/** Focus starts on the plan the member is on (the radio group's own stop), not on the first one listed. */
function focusCurrentPlan(event: Event) {
  const checked = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLInputElement>(
    'input[type="radio"]:checked',
  );
  if (!checked) return;
  event.preventDefault();
  checked.focus();
}

/** Puts a member on another plan, picked from every plan with its limits. */
export function ChangePlanDialog({ member, onClose }: { member: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const returnFocus = useReturnFocus();
  return (
    <Dialog.Root open={member !== null} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          onOpenAutoFocus={(event) => {
            returnFocus.onOpenAutoFocus();
            focusCurrentPlan(event);
          }}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        >
          <Dialog.Title className="dialog-title">
            {t('admin.members.plan.title', { name: member?.username })}
          </Dialog.Title>
          <Dialog.Description className="dialog-description">{t('admin.members.plan.body')}</Dialog.Description>
          {member && <PlanPicker member={member} onClose={onClose} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Mounted while the dialog is open, so that each opening starts from the member's current plan. */
function PlanPicker({ member, onClose }: { member: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const plans = useQuery(adminPlansQuery());
  const current = member.plan_id ?? DEFAULT;
  const [picked, setPicked] = useState(current);
  const mutation = useMemberMutation({
    mutationFn: (planId: string | null) => assignMemberPlan(member.id, planId),
    done: (assignment) =>
      t('admin.members.done.plan', {
        name: member.username,
        plan: assignment.plan.is_default ? t('admin.members.defaultPlan') : assignment.plan.name,
      }),
    onSuccess: onClose,
    onFailure: onClose,
  });

  if (plans.isPending) return <LoadingState label={t('admin.members.plan.loading')} />;
  if (plans.isError)
    return (
      <ErrorState title={t('admin.members.plan.loadFailed')} error={plans.error} onRetry={() => void plans.refetch()} />
    );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate(picked === DEFAULT ? null : picked);
      }}
    >
      <fieldset className="plan-options">
        <legend className="visually-hidden">{t('admin.members.plan.legend')}</legend>
        {plans.data.map((plan) => (
          <PlanOption
            key={plan.id ?? DEFAULT}
            plan={plan}
            value={plan.id ?? DEFAULT}
            checked={picked === (plan.id ?? DEFAULT)}
            current={current === (plan.id ?? DEFAULT)}
            onPick={setPicked}
          />
        ))}
      </fieldset>
      {member.hosting?.status === 'RUNNING' && (
        <p className="callout callout-info">{t('admin.members.plan.running', { name: member.username })}</p>
      )}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <Button disabled={mutation.isPending}>{t('common.cancel')}</Button>
        </Dialog.Close>
        <Button type="submit" variant="primary" pending={mutation.isPending} disabled={picked === current}>
          {mutation.isPending ? t('admin.members.plan.pending') : t('admin.members.plan.confirm')}
        </Button>
      </div>
    </form>
  );
}

function PlanOption({
  plan,
  value,
  checked,
  current,
  onPick,
}: {
  plan: AdminPlan;
  value: string;
  checked: boolean;
  current: boolean;
  onPick: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="plan-option">
      <input type="radio" name="plan" value={value} checked={checked} onChange={() => onPick(value)} />
      <span className="plan-option-text">
        <span className="plan-option-name">
          {plan.is_default ? t('admin.members.defaultPlan') : plan.name}
          {current && <span className="member-tag">{t('admin.members.plan.current')}</span>}
        </span>
        <span className="cell-muted">
          {t('admin.members.planLimits', { vcpus: plan.vcpus, memory: plan.memory_mb, disk: plan.disk_gb })}
        </span>
      </span>
    </label>
  );
}
