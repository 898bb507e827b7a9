import type { QueryClient } from '@tanstack/react-query';
import { useAuthStore } from '../stores/authStore';
import { api } from '../api/client';

/**
 * Ties the pieces of a session together: a token the API rejects ends the session
 * (back to login with a notice), and ending a session forgets the previous user's data.
 */
export function connectSession(queryClient: QueryClient): () => void {
  const offUnauthorized = api.onUnauthorized(() => {
    if (useAuthStore.getState().isAuthenticated) useAuthStore.getState().logout('session_expired');
  });
  const offAuth = useAuthStore.subscribe((state, previous) => {
    if (previous.isAuthenticated && !state.isAuthenticated) queryClient.clear();
  });
  return () => {
    offUnauthorized();
    offAuth();
  };
}
