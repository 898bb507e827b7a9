import type { FieldError } from '@hostbay/contract/envelope';
import { isValidationMessageCode } from '@hostbay/contract/validation-messages';
import type { TFunction } from 'i18next';
import { errorMessage, isApiError } from '../../api/errors';

/** Conflicts that belong to one field of a form. */
const FIELD_OF_CODE: Record<string, string> = {
  email_taken: 'email',
  username_taken: 'username',
  // A member's own domain (the hosting page's domains card): said at its one field.
  domain_taken: 'domain',
  domain_limit: 'domain',
  // A snapshot taken (the hosting page's snapshots card): over the plan's number is said at its name.
  snapshot_limit: 'name',
};

export interface FormErrors {
  /** The message for one field, if the server put one there. */
  field: (name: string) => string | undefined;
  /** What is left for the whole form. */
  form: string | undefined;
}

/** A field error in the user's language when its code is one the dashboard knows, else the server's own words. */
export function fieldErrorText(item: FieldError, t: TFunction): string {
  return isValidationMessageCode(item.code) ? t(`validation.${item.code}`) : item.message;
}

/** Splits a failed submit into messages at the fields (422 details, 409 duplicates) and one for the form. */
export function formErrors(error: unknown, t: TFunction): FormErrors {
  if (!error) return { field: () => undefined, form: undefined };
  if (isApiError(error)) {
    const fieldOfCode = FIELD_OF_CODE[error.code];
    if (fieldOfCode) {
      const message = errorMessage(error, t);
      return { field: (name) => (name === fieldOfCode ? message : undefined), form: undefined };
    }
    const details = error.fieldErrors;
    if (details.length > 0) {
      const byField = new Map<string, string>();
      for (const item of details) if (!byField.has(item.field)) byField.set(item.field, fieldErrorText(item, t));
      return { field: (name) => byField.get(name), form: t('auth.fixFields') };
    }
  }
  return { field: () => undefined, form: errorMessage(error, t) };
}
