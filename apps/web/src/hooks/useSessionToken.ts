import { useSyncExternalStore } from 'react';
import { api } from '../api/client';

const subscribe = (onChange: () => void) => api.onTokenChange(onChange);
const readToken = () => api.getToken();

/** The session token, read from its one holder (the ApiClient); re-renders on login and logout. */
export function useSessionToken(): string | null {
  return useSyncExternalStore(subscribe, readToken);
}
