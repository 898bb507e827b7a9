import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from '../components/layout/AppLayout';
import { DashboardPage } from '../pages/DashboardPage';
import { HostingPage } from '../pages/HostingPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RegisterPage } from '../pages/RegisterPage';
import { SettingsPage } from '../pages/SettingsPage';
import { loadAdminMessages } from '../i18n/admin-messages';
import { loadMachineConsoleMessages } from '../i18n/machine-console-messages';
import { GuestOnly, RequireAdmin, RequireAuth } from './guards';

/**
 * The admin pages and their texts load on first visit: members never download
 * them, and the first screen stays inside the bundle budget (scripts/check-bundle.mjs).
 */
async function adminPage(component: Promise<RouteObject['Component']>) {
  const [Component] = await Promise.all([component, loadAdminMessages()]);
  return { Component };
}

/** The machine console brings xterm.js: it loads, with its texts, when a member opens it. */
async function machineConsolePage() {
  const [{ MachineConsolePage }] = await Promise.all([
    import('../pages/MachineConsolePage'),
    loadMachineConsoleMessages(),
  ]);
  return { Component: MachineConsolePage };
}

const adminRoutes: RouteObject[] = [
  { index: true, lazy: () => adminPage(import('../pages/admin/AdminOverviewPage').then((m) => m.AdminOverviewPage)) },
  {
    path: 'members',
    lazy: () => adminPage(import('../pages/admin/AdminMembersPage').then((m) => m.AdminMembersPage)),
  },
  {
    path: 'hostings',
    lazy: () => adminPage(import('../pages/admin/AdminHostingsPage').then((m) => m.AdminHostingsPage)),
  },
  {
    path: 'invitations',
    lazy: () => adminPage(import('../pages/admin/AdminInvitationsPage').then((m) => m.AdminInvitationsPage)),
  },
  { path: 'plans', lazy: () => adminPage(import('../pages/admin/AdminPlansPage').then((m) => m.AdminPlansPage)) },
  { path: 'audit', lazy: () => adminPage(import('../pages/admin/AdminAuditPage').then((m) => m.AdminAuditPage)) },
  {
    path: 'backups',
    lazy: () => adminPage(import('../pages/admin/AdminBackupsPage').then((m) => m.AdminBackupsPage)),
  },
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
          { path: '/hosting/console', lazy: machineConsolePage },
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
