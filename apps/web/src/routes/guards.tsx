import { Navigate, Outlet, useLocation } from 'react-router';
import { selectIsAuthenticated, selectUser, useAuthStore } from '../stores/authStore';

/** Pages behind login: without a session, go to /login and come back afterwards. */
export function RequireAuth() {
  const isAuthenticated = useAuthStore(selectIsAuthenticated);
  const location = useLocation();
  if (!isAuthenticated) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <Outlet />;
}

/** The operator console: a member who types an /admin address is sent to their dashboard. */
export function RequireAdmin() {
  const user = useAuthStore(selectUser);
  if (!user?.is_admin) return <Navigate to="/" replace />;
  return <Outlet />;
}

/** Login and register: a signed-in user has nothing to do there. */
export function GuestOnly() {
  const isAuthenticated = useAuthStore(selectIsAuthenticated);
  const location = useLocation();
  if (isAuthenticated) return <Navigate to={returnPath(location.state)} replace />;
  return <Outlet />;
}

/** Where to go after logging in: the page that sent the user to login, if it is one of ours. */
export function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  }
  return '/';
}
