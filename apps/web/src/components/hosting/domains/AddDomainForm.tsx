import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { isApiError } from '../../../api/errors';
import { domainKeys } from '../../../api/queries/domains';
import { useAddDomain } from '../../../hooks/useDomainMutations';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { formErrors } from '../../ui/form-errors';
import { useFocusFirstInvalid } from '../../ui/use-focus-first-invalid';

/** One domain name in, the API's verdict at the field (its format, a reserved name, taken, over the limit). */
export function AddDomainForm({ atLimit, limit }: { atLimit: boolean; limit: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const add = useAddDomain();
  const [domain, setDomain] = useState('');
  const errors = formErrors(add.error, t);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, add.error);
  const fieldError = errors.field('domain');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(domain.trim(), {
      onSuccess: (added) => {
        setDomain('');
        toast.success(t('domains.add.done', { domain: added.domain }));
      },
      onError: (error) => {
        // The list on screen was older than the limit the API counted: ask again, and the form says so.
        if (isApiError(error, 'domain_limit')) void queryClient.invalidateQueries({ queryKey: domainKeys.my() });
      },
    });
  };

  return (
    <form className="form domain-add" onSubmit={submit} noValidate ref={formRef}>
      <TextField
        label={t('domains.add.label')}
        hint={atLimit ? t('domains.add.limit', { limit }) : t('domains.add.hint')}
        name="domain"
        inputMode="url"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="www.example.org"
        required
        disabled={atLimit}
        value={domain}
        error={fieldError}
        onChange={(event) => setDomain(event.target.value)}
      />
      {/* A 422 names the field already; only what belongs to no field is said here. */}
      {!fieldError && errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <Button type="submit" variant="primary" icon="plus" pending={add.isPending} disabled={atLimit}>
        {add.isPending ? t('domains.add.pending') : t('domains.add.submit')}
      </Button>
    </form>
  );
}
