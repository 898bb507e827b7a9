import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { meQuery } from '../../api/queries/auth';
import { selectSetUser, useAuthStore } from '../../stores/authStore';
import { ErrorBoundary } from '../ErrorBoundary';
import { Header } from './Header';
import { Sidebar } from './Sidebar';

/** Header, sidebar and the page. Confirms the stored session with GET /auth/me once per visit. */
export function AppLayout() {
  const { t } = useTranslation();
  const setUser = useAuthStore(selectSetUser);
  const me = useQuery(meQuery());
  const location = useLocation();
  useEffect(() => {
    if (me.data) setUser(me.data);
  }, [me.data, setUser]);

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <div className="app-body">
        <Sidebar />
        <main id="main" className="app-main" tabIndex={-1}>
          {/* Keyed by path: moving to another page leaves a crashed one behind. */}
          <ErrorBoundary key={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
