import type { ActivityEntry } from '@hostbay/contract/account';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { api } from '../../../src/api/client';
import { useAuthStore } from '../../../src/stores/authStore';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

const ACTIVITY: ActivityEntry[] = [
  {
    id: '12',
    at: '2025-03-02T10:15:00.000Z',
    action: 'auth.login',
    by: 'someone',
    client_ip: '203.0.113.66',
    result: 'denied',
  },
  {
    id: '11',
    at: '2025-03-02T09:00:00.000Z',
    action: 'auth.password_change',
    by: 'you',
    client_ip: '198.51.100.7',
    result: 'ok',
  },
];

/** The settings page's requests, as a member with some activity sees them. */
function settingsApi(entries: ActivityEntry[] = ACTIVITY) {
  server.use(
    http.get(apiPath('/auth/me'), () => ok(makeUser())),
    http.get(apiPath('/auth/activity'), () => ok({ entries })),
  );
}

describe('settings: the password', () => {
  it('changes it and carries on with the new token', async () => {
    const user = userEvent.setup();
    signIn();
    settingsApi();
    let sent: unknown;
    server.use(
      http.post(apiPath('/auth/password'), async ({ request }) => {
        sent = await request.json();
        return ok({ access_token: 'the-new-token', token_type: 'bearer', expires_in: 7200 });
      }),
    );
    renderApp('/settings');
    const card = await screen.findByRole('region', { name: 'Password' });
    await user.type(within(card).getByLabelText('Current password'), 'old passphrase');
    await user.type(within(card).getByLabelText('New password'), 'new passphrase');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Your other sessions have ended.')).toBeInTheDocument();
    expect(sent).toEqual({ current_password: 'old passphrase', new_password: 'new passphrase' });
    expect(api.getToken()).toBe('the-new-token');
    expect(useAuthStore.getState().isAuthenticated).toBe(true);
    expect(within(card).getByLabelText('Current password')).toHaveValue('');
  });

  it('shows a wrong current password and a weak new one at their fields', async () => {
    const user = userEvent.setup();
    signIn();
    settingsApi();
    server.use(
      http.post(apiPath('/auth/password'), () =>
        fail(422, 'validation_error', 'current_password: The password is not correct.', {
          details: [
            { field: 'current_password', message: 'The password is not correct.', code: 'password_incorrect' },
            { field: 'new_password', message: 'Password must be at least 8 characters.', code: 'password_too_short' },
          ],
        }),
      ),
    );
    renderApp('/settings');
    const card = await screen.findByRole('region', { name: 'Password' });
    await user.type(within(card).getByLabelText('Current password'), 'a guess');
    await user.type(within(card).getByLabelText('New password'), 'short');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    const current = within(card).getByLabelText('Current password');
    await waitFor(() => expect(current).toHaveAccessibleDescription('The password is not correct.'));
    expect(within(card).getByLabelText('New password')).toHaveAccessibleDescription(
      expect.stringContaining('Password must be at least 8 characters.'),
    );
    // A refused password is no reason to end the session.
    expect(useAuthStore.getState().isAuthenticated).toBe(true);
  });
});

describe('settings: deleting the account', () => {
  it('asks for the password in a confirmation, then signs the member out with a notice', async () => {
    const user = userEvent.setup();
    signIn();
    settingsApi();
    let sent: unknown;
    server.use(
      http.delete(apiPath('/auth/account'), async ({ request }) => {
        sent = await request.json();
        return ok({ user_id: makeUser().id, state: 'deleting' }, 202);
      }),
    );
    const { router } = renderApp('/settings');
    const card = await screen.findByRole('region', { name: 'Delete account' });
    await user.click(within(card).getByRole('button', { name: 'Delete my account' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete your account?' });
    await user.type(within(dialog).getByLabelText('Password'), 'my passphrase');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    expect(
      await screen.findByText('Your account has been deleted, and your hosting with it. Goodbye!'),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(sent).toEqual({ password: 'my passphrase' });
    expect(api.getToken()).toBeNull();
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });

  it('keeps the dialog open with the error at the password when it is wrong', async () => {
    const user = userEvent.setup();
    signIn();
    settingsApi();
    server.use(
      http.delete(apiPath('/auth/account'), () =>
        fail(422, 'validation_error', 'password: The password is not correct.', {
          details: [{ field: 'password', message: 'The password is not correct.', code: 'password_incorrect' }],
        }),
      ),
    );
    renderApp('/settings');
    await user.click(await screen.findByRole('button', { name: 'Delete my account' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Password'), 'a guess');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Password')).toHaveAccessibleDescription('The password is not correct.'),
    );
    expect(useAuthStore.getState().isAuthenticated).toBe(true);
  });
});

describe('settings: recent activity', () => {
  it('lists time, action in words, address and result', async () => {
    signIn();
    settingsApi();
    renderApp('/settings');
    const card = await screen.findByRole('region', { name: 'Recent activity' });
    const items = await within(card).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Logged in · by someone else');
    expect(items[0]).toHaveTextContent('203.0.113.66');
    expect(items[0]).toHaveTextContent('refused');
    expect(items[0]).toHaveTextContent('Mar 2, 2025');
    expect(items[1]).toHaveTextContent('Changed the password');
    expect(items[1]).toHaveTextContent('198.51.100.7');
    expect(items[1]).toHaveTextContent('succeeded');
  });

  it('speaks Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    signIn();
    settingsApi();
    renderApp('/settings');
    const card = await screen.findByRole('region', { name: '최근 활동' });
    const items = await within(card).findAllByRole('listitem');
    expect(items[0]).toHaveTextContent('로그인 · 다른 사람');
    expect(items[0]).toHaveTextContent('거부됨');
    expect(screen.getByRole('region', { name: '비밀번호' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '내 계정 삭제' })).toBeInTheDocument();
  });

  it('says so when there is nothing yet, and when it cannot be loaded', async () => {
    signIn();
    settingsApi([]);
    const { unmount } = renderApp('/settings');
    expect(await screen.findByText('Nothing yet.')).toBeInTheDocument();
    unmount();
    server.use(http.get(apiPath('/auth/activity'), () => fail(503, 'service_unavailable', 'Down.')));
    renderApp('/settings');
    expect(await screen.findByText('Your activity could not be loaded')).toBeInTheDocument();
  });
});
