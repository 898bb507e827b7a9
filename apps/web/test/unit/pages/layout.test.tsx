import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../../src/api/client';
import { useAuthStore } from '../../../src/stores/authStore';
import { makeHosting, makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

describe('layout', () => {
  beforeEach(() => {
    signIn();
    server.use(
      http.get(apiPath('/auth/me'), () => ok(makeUser())),
      http.get(apiPath('/auth/activity'), () => ok({ entries: [] })),
      http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))),
    );
  });

  it('has a header with the logo and user menu, and a sidebar with the three pages', async () => {
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Hostbay home' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('button', { name: 'Account menu for alice' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Dashboard', 'Hosting', 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  });

  it('navigates with the sidebar', async () => {
    const user = userEvent.setup();
    const { router } = renderApp('/');
    await user.click(
      within(await screen.findByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Hosting' }),
    );
    expect(await screen.findByRole('heading', { name: 'Hosting', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/hosting');
  });

  it('opens the phone menu as a dialog and closes it after navigating', async () => {
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Open menu' }));
    const drawer = screen.getByRole('dialog', { name: 'Navigation' });
    await user.click(within(drawer).getByRole('link', { name: 'Settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('logs out from the user menu', async () => {
    const user = userEvent.setup();
    const { router } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Account menu for alice' }));
    const menu = await screen.findByRole('menu');
    expect(menu).toHaveTextContent('alice@example.com');
    await user.click(within(menu).getByRole('menuitem', { name: 'Log out' }));
    expect(await screen.findByText('You have been logged out.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(api.getToken()).toBeNull();
    expect(useAuthStore.getState().user).toBeNull();
  });

  it('shows the dashboard with the hosting summary and account', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Hello, alice' })).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Your hosting' });
    expect(await within(card).findByText('Running')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Manage hosting' })).toHaveAttribute('href', '/hosting');
    expect(screen.getByRole('region', { name: 'Your account' })).toHaveTextContent('alice@example.com');
  });

  it('invites to create a hosting on the dashboard when there is none', async () => {
    server.use(http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'none')));
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Create hosting' })).toHaveAttribute('href', '/hosting');
  });

  it('shows a 404 page for unknown addresses', async () => {
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/');
  });
});
