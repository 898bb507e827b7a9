import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../../api/errors';
import { adminKeys } from '../../../api/queries/admin';

interface MemberMutationOptions<Variables, Result> {
  mutationFn: (variables: Variables) => Promise<Result>;
  /** The success toast's text. */
  done: (result: Result, variables: Variables) => string;
  onSuccess?: (result: Result) => void;
  /** True for a failure the dialog shows itself (a field's error); every other failure is a toast. */
  shownInline?: (error: unknown) => boolean;
  /** After a failure shown as a toast: the dialog that asked closes. */
  onFailure?: () => void;
}

/**
 * One member action as every one of them behaves: a toast with what happened or the API's own words for
 * why not, and the whole console refreshed either way (a refusal often means the list was out of date).
 */
export function useMemberMutation<Variables, Result>({
  mutationFn,
  done,
  onSuccess,
  shownInline,
  onFailure,
}: MemberMutationOptions<Variables, Result>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result, variables) => {
      toast.success(done(result, variables));
      onSuccess?.(result);
    },
    onError: (error) => {
      if (shownInline?.(error)) return;
      toast.error(errorMessage(error, t));
      onFailure?.();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.all }),
  });
}
