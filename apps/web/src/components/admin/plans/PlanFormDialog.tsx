import type { AdminPlan, PlanLimits } from '@hostbay/contract/plan';
import { PLAN_LIMIT_BOUNDS, PLAN_NAME_MAX_LENGTH } from '@hostbay/contract/plan-limits';
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { isApiError } from '../../../api/errors';
import { adminKeys } from '../../../api/queries/admin';
import { createPlan, updatePlan } from '../../../api/queries/admin-plans';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { formErrors } from '../../ui/form-errors';
import { useReturnFocus } from '../../ui/use-return-focus';
import {
  createRequest,
  draftOf,
  emptyFields,
  LIMIT_FIELDS,
  updateRequest,
  type PlanDraft,
  type PlanField,
} from './plan-form';

/** A named plan: the default one has no id and is never edited here. */
export type NamedPlan = AdminPlan & { id: string };

/** What the dialog does: make a plan (starting from the default plan's size) or change one. */
export type PlanFormTarget = { mode: 'create'; start: PlanLimits | undefined } | { mode: 'edit'; plan: NamedPlan };

interface PlanFormDialogProps {
  /** The dialog is open while it is set. */
  target: PlanFormTarget | null;
  onClose: () => void;
}

/** Creates or edits a plan; the API judges every field and its messages appear under them. */
export function PlanFormDialog({ target, onClose }: PlanFormDialogProps) {
  const { t } = useTranslation();
  const returnFocus = useReturnFocus();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async ({ target, draft }: { target: PlanFormTarget; draft: PlanDraft }): Promise<AdminPlan | null> => {
      if (target.mode === 'create') return createPlan(createRequest(draft));
      const changes = updateRequest(target.plan, draft);
      // Nothing changed: nothing to send, and nothing for the audit log to record.
      return Object.keys(changes).length === 0 ? null : updatePlan(target.plan.id, changes);
    },
    onSuccess: (plan, { target }) => {
      if (plan) {
        toast.success(
          t(target.mode === 'create' ? 'admin.plans.form.created' : 'admin.plans.form.saved', { name: plan.name }),
        );
        void queryClient.invalidateQueries({ queryKey: adminKeys.all });
      }
      close();
    },
  });

  const close = () => {
    mutation.reset();
    onClose();
  };

  return (
    <Dialog.Root open={target !== null} onOpenChange={(open) => !open && !mutation.isPending && close()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" {...returnFocus}>
          <Dialog.Title className="dialog-title">
            {target?.mode === 'edit'
              ? t('admin.plans.form.editTitle', { name: target.plan.name })
              : t('admin.plans.form.createTitle')}
          </Dialog.Title>
          <Dialog.Description className="dialog-description">{t('admin.plans.form.description')}</Dialog.Description>
          {/* Mounted afresh at each opening, so that the fields start from the plan every time. */}
          {target && (
            <PlanForm
              target={target}
              error={mutation.error}
              pending={mutation.isPending}
              onSubmit={(draft) => mutation.mutate({ target, draft })}
            />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const LIMIT_LABEL = {
  vcpus: 'admin.plans.form.vcpus',
  memory_mb: 'admin.plans.form.memory',
  disk_gb: 'admin.plans.form.disk',
  snapshots: 'admin.plans.form.snapshots',
} as const;

/** The size limits' hints give their bounds alone; a count of snapshots also says what 0 means. */
const LIMIT_HINT = {
  vcpus: 'admin.plans.form.range',
  memory_mb: 'admin.plans.form.range',
  disk_gb: 'admin.plans.form.range',
  snapshots: 'admin.plans.form.snapshotsHint',
} as const;

interface PlanFormProps {
  target: PlanFormTarget;
  error: unknown;
  pending: boolean;
  onSubmit: (draft: PlanDraft) => void;
}

function PlanForm({ target, error, pending, onSubmit }: PlanFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() =>
    target.mode === 'edit' ? draftOf(target.plan, target.plan.name) : draftOf(target.start),
  );
  const [missing, setMissing] = useState<PlanField[]>([]);

  // A duplicate name is the name field's problem, in the admin's language.
  const nameTaken = isApiError(error, 'plan_name_taken');
  const errors = formErrors(nameTaken ? null : error, t);
  const fieldError = (field: PlanField) => {
    if (missing.includes(field)) return t('validation.field_required');
    if (field === 'name' && nameTaken) return t('admin.plans.form.nameTaken');
    return errors.field(field);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = emptyFields(draft);
    setMissing(empty);
    if (empty.length === 0) onSubmit(draft);
  };
  const update = (field: PlanField) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));

  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label={t('admin.plans.form.name')}
        hint={t('admin.plans.form.nameHint')}
        name="name"
        autoComplete="off"
        maxLength={PLAN_NAME_MAX_LENGTH}
        required
        value={draft.name}
        error={fieldError('name')}
        onChange={update('name')}
      />
      <div className="plan-limits">
        {LIMIT_FIELDS.map((field) => {
          const { min, max } = PLAN_LIMIT_BOUNDS[field];
          return (
            <TextField
              key={field}
              label={t(LIMIT_LABEL[field])}
              hint={t(LIMIT_HINT[field], { min, max })}
              name={field}
              type="number"
              inputMode="numeric"
              min={min}
              max={max}
              step={1}
              required
              value={draft[field]}
              error={fieldError(field)}
              onChange={update(field)}
            />
          );
        })}
      </div>
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <Button disabled={pending}>{t('common.cancel')}</Button>
        </Dialog.Close>
        <Button type="submit" variant="primary" pending={pending}>
          {target.mode === 'create'
            ? pending
              ? t('admin.plans.form.creating')
              : t('admin.plans.form.create')
            : pending
              ? t('admin.plans.form.saving')
              : t('admin.plans.form.save')}
        </Button>
      </div>
    </form>
  );
}
