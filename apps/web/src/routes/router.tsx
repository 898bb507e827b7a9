import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from '../components/layout/AppLayout';
import { DashboardPage } from '../pages/DashboardPage';
import { HostingPage } from '../pages/HostingPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RegisterPage } from '../pages/RegisterPage';
import { SettingsPage } from '../pages/SettingsPage';
import { GuestOnly, RequireAdmin, RequireAuth } from './guards';

/**
 * The admin pages load on first visit: members never download them, and the
 * first screen stays inside the bundle budget (scripts/check-bundle.mjs).
 */
const adminRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('../pages/admin/AdminOverviewPage')).AdminOverviewPage }),
  },
  {
    path: 'members',
    lazy: async () => ({ Component: (await import('../pages/admin/AdminMembersPage')).AdminMembersPage }),
  },
  {
    path: 'hostings',
    lazy: async () => ({ Component: (await import('../pages/admin/AdminHostingsPage')).AdminHostingsPage }),
  },
  {
    path: 'invitations',
    lazy: async () => ({ Component: (await import('../pages/admin/AdminInvitationsPage')).AdminInvitationsPage }),
  },
  { path: 'plans', lazy: async () => ({ Component: (await import('../pages/admin/AdminPlansPage')).AdminPlansPage }) },
  { path: 'audit', lazy: async () => ({ Component: (await import('../pages/admin/AdminAuditPage')).AdminAuditPage }) },
];

export const routes: RouteObject[] = [
  {
    element: <GuestOnly />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
    ],
  },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, path: '/', element: <DashboardPage /> },
          { path: '/hosting', element: <HostingPage /> },
          { path: '/settings', element: <SettingsPage /> },
          { path: '/admin', element: <RequireAdmin />, children: adminRoutes },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
