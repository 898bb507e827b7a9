import { useEffect, type RefObject } from 'react';

/**
 * Moves focus to the form's first invalid field each time a submit fails
 * (WCAG 3.3.1): a keyboard or screen-reader user lands on what to fix
 * instead of hunting for it. A failure with no invalid field leaves focus
 * where it is.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, form]);
}
