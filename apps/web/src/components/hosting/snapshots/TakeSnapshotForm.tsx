import { SNAPSHOT_NAME_MAX_LENGTH } from '@hostbay/contract/validation-messages';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { isApiError } from '../../../api/errors';
import { snapshotKeys } from '../../../api/queries/snapshots';
import { useTakeSnapshot } from '../../../hooks/useSnapshotMutations';
import type { TakeRefusal } from '../../../lib/snapshot-policy';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { formErrors } from '../../ui/form-errors';
import { useFocusFirstInvalid } from '../../ui/use-focus-first-invalid';

interface TakeSnapshotFormProps {
  /** Why no snapshot can be taken now (said beside the button); null when one can. */
  refusal: TakeRefusal | null;
  kept: number;
  limit: number;
}

/** A name in, a snapshot started; the API's verdict on the name (or the plan's number) at the field. */
export function TakeSnapshotForm({ refusal, kept, limit }: TakeSnapshotFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reasonId = useId();
  const take = useTakeSnapshot();
  const [name, setName] = useState('');
  const errors = formErrors(take.error, t);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, take.error);
  const fieldError = errors.field('name');
  const refused = refusal !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (refused) return;
    take.mutate(name.trim(), {
      onSuccess: (taken) => {
        setName('');
        toast.success(t('snapshots.take.done', { name: taken.name }));
      },
      onError: (error) => {
        // The list on screen was older than the count the API made: ask again, and the form says why.
        if (isApiError(error, 'snapshot_limit')) void queryClient.invalidateQueries({ queryKey: snapshotKeys.my() });
      },
    });
  };

  return (
    <form className="form snapshot-take" onSubmit={submit} noValidate ref={formRef}>
      <TextField
        label={t('snapshots.take.label')}
        hint={t('snapshots.take.hint')}
        name="name"
        autoComplete="off"
        placeholder={t('snapshots.take.placeholder')}
        maxLength={SNAPSHOT_NAME_MAX_LENGTH}
        required
        disabled={refused}
        value={name}
        error={fieldError}
        onChange={(event) => setName(event.target.value)}
      />
      {/* A 422 or the plan's number is said at the field already; only what belongs to no field is said here. */}
      {!fieldError && errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="snapshot-take-submit">
        <Button
          type="submit"
          variant="primary"
          icon="plus"
          pending={take.isPending}
          disabled={refused}
          aria-describedby={refused ? reasonId : undefined}
        >
          {take.isPending ? t('snapshots.take.pending') : t('snapshots.take.submit')}
        </Button>
        {refused && (
          <p className="field-hint" id={reasonId}>
            {t(`snapshots.refusal.${refusal}`, { kept, limit })}
          </p>
        )}
      </div>
    </form>
  );
}
