import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import { LoadingState } from '../components/ui/PageStates';
import { loadAdminMessages } from '../i18n/admin-messages';
import { loadMachineConsoleMessages } from '../i18n/machine-console-messages';
import { LoginPage } from '../pages/LoginPage';
import { RegisterPage } from '../pages/RegisterPage';
import { GuestOnly, RequireAdmin, RequireAuth } from './guards';

/**
 * Every page but the two sign-in pages is its own chunk, loaded when first visited: /login and /register
 * download only what they draw (scripts/check-bundle.mjs holds them to a budget),
 * and a member's pages load while they type their password, not before the form shows.
 */
function page<Name extends string>(load: () => Promise<Record<Name, RouteObject['Component']>>, name: Name) {
  return async () => ({ Component: (await load())[name] });
}

/** What the first screen shows while its page's chunk loads: the same status every page uses. */
export function RouteLoading() {
  const { t } = useTranslation();
  return <LoadingState label={t('common.loading')} />;
}

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
    // A pathless root: its HydrateFallback covers the first page's chunk; later navigations keep the current page
    // on screen until the next one is ready.
    element: <Outlet />,
    HydrateFallback: RouteLoading,
    children: [
      {
        element: <GuestOnly />,
        children: [
          // In the first chunk, not lazy: a few kB that spare the sign-in pages a second round trip
          // before their form shows (bench/lighthouse).
          { path: '/login', Component: LoginPage },
          { path: '/register', Component: RegisterPage },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            lazy: page(() => import('../components/layout/AppLayout'), 'AppLayout'),
            children: [
              { index: true, path: '/', lazy: page(() => import('../pages/DashboardPage'), 'DashboardPage') },
              { path: '/hosting', lazy: page(() => import('../pages/HostingPage'), 'HostingPage') },
              { path: '/hosting/console', lazy: machineConsolePage },
              { path: '/settings', lazy: page(() => import('../pages/SettingsPage'), 'SettingsPage') },
              { path: '/admin', element: <RequireAdmin />, children: adminRoutes },
            ],
          },
        ],
      },
      { path: '*', lazy: page(() => import('../pages/NotFoundPage'), 'NotFoundPage') },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
