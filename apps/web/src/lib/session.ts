import type { QueryClient } from '@tanstack/react-query';
import { useAuthStore } from '../stores/authStore';
import { api } from '../api/client';
import { suspensionOf } from '../api/errors';

/**
 * Ties the pieces of a session together: a token the API rejects ends the session
 * (back to login with a notice: the session expired, or the account is suspended and why), and ending a session forgets the previous user's data.
 */
export function connectSession(queryClient: QueryClient): () => void {
  const offUnauthorized = api.onUnauthorized((error) => {
    if (!useAuthStore.getState().isAuthenticated) return;
    // A suspended account is told so, with the operator's reason, rather than that its session expired.
    const suspension = suspensionOf(error);
    if (suspension) useAuthStore.getState().logout('account_suspended', suspension.reason);
    else useAuthStore.getState().logout('session_expired');
  });
  const offAuth = useAuthStore.subscribe((state, previous) => {
    if (previous.isAuthenticated && !state.isAuthenticated) queryClient.clear();
  });
  return () => {
    offUnauthorized();
    offAuth();
  };
}
