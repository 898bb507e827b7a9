import { useMutation, useQueryClient } from '@tanstack/react-query';
import { addDomain, checkDomain, domainKeys, removeDomain, storeDomain } from '../api/queries/domains';

/** Each mutation writes what the API answered into the cached list, so the card moves without a refetch. */
export function useAddDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => addDomain(domain),
    onSuccess: (added) => storeDomain(queryClient, added),
  });
}

export function useCheckDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => checkDomain(domain),
    onSuccess: (checked) => storeDomain(queryClient, checked),
  });
}

export function useRemoveDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => removeDomain(domain),
    onSuccess: (left) => queryClient.setQueryData(domainKeys.my(), left),
  });
}
