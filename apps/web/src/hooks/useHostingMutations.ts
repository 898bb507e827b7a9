import type { CreateHostingRequest, HostingAction } from '@hostbay/contract/hosting';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createHosting, deleteHosting, runHostingAction, storeHosting } from '../api/queries/hosting';

/** Each mutation writes the hosting the API answered into the cache, so every screen moves at once. */
export function useCreateHosting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateHostingRequest) => createHosting(request),
    onSuccess: (created) => storeHosting(queryClient, created),
  });
}

export function useDeleteHosting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteHosting,
    onSuccess: (hosting) => storeHosting(queryClient, hosting),
  });
}

export function useHostingAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: HostingAction) => runHostingAction(action),
    onSuccess: (hosting) => storeHosting(queryClient, hosting),
  });
}
