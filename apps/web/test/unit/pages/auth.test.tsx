import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { api } from '../../../src/api/client';
import { useAuthStore } from '../../../src/stores/authStore';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

function loginSucceeds(user = makeUser()) {
  server.use(
    http.post(apiPath('/auth/login'), () =>
      ok({ access_token: 'jwt-abc', token_type: 'bearer', expires_in: 3600, user }),
    ),
    http.get(apiPath('/auth/me'), () => ok(user)),
    http.get(apiPath('/auth/activity'), () => ok({ entries: [] })),
    http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')),
  );
}

describe('login page', () => {
  it('sends a guest to login and back to the page they wanted', async () => {
    const user = userEvent.setup();
    loginSucceeds();
    const { router } = renderApp('/settings');
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings');
    expect(screen.getByText('Welcome, alice!')).toBeInTheDocument();
    expect(api.getToken()).toBe('jwt-abc');
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: true, user: { username: 'alice' } });
  });

  it('shows a wrong password as an error and stays on the page', async () => {
    const user = userEvent.setup();
    server.use(http.post(apiPath('/auth/login'), () => fail(401, 'invalid_credentials', 'Invalid email or password.')));
    renderApp('/login');
    await user.type(await screen.findByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong.');
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });

  it.each([
    ['30', 'Try again in 30 seconds.'],
    ['1', 'Try again in 1 second.'],
    ['3520', 'Try again in 59 minutes.'],
    ['60', 'Try again in 1 minute.'],
    ['86400', 'Try again in 24 hours.'],
  ])('tells how long to wait when rate limited (Retry-After %s)', async (retryAfter, sentence) => {
    const user = userEvent.setup();
    server.use(
      http.post(apiPath('/auth/login'), () =>
        fail(429, 'rate_limited', 'Too many requests.', { headers: { 'Retry-After': retryAfter } }),
      ),
    );
    renderApp('/login');
    await user.type(await screen.findByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'whatever1');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(`Too many attempts. ${sentence}`);
  });

  it('sends a signed-in user away from login', async () => {
    loginSucceeds();
    signIn();
    const { router } = renderApp('/login');
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });
});

describe('register page', () => {
  async function fillAndSubmit() {
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
  }

  it('creates the account, signs in and opens the dashboard', async () => {
    let registered: unknown;
    loginSucceeds();
    server.use(
      http.post(apiPath('/auth/register'), async ({ request }) => {
        registered = await request.json();
        return ok(makeUser(), 201);
      }),
    );
    const { router } = renderApp('/register');
    await fillAndSubmit();
    expect(await screen.findByRole('heading', { name: 'Hello, alice' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(registered).toEqual({ email: 'alice@example.com', username: 'alice', password: 'correct horse' });
  });

  it('shows the real address of the site as the username is typed', async () => {
    const user = userEvent.setup();
    renderApp('/register');
    const username = await screen.findByLabelText('Username');
    await waitFor(() => expect(username).toHaveAccessibleDescription(/^Your site: yourname\.example\.org\./));
    await user.type(username, 'Alice');
    expect(username).toHaveAccessibleDescription(/^Your site: alice\.example\.org\./);
    expect(screen.queryByText(/<username>/)).not.toBeInTheDocument();
  });

  it('moves focus to the first invalid field and says its error once, without the hint', async () => {
    server.use(
      http.post(apiPath('/auth/register'), () =>
        fail(422, 'validation_error', 'Invalid request.', {
          details: [
            { field: 'password', message: 'Password must be at least 8 characters.' },
            { field: 'username', message: 'Lowercase letters, digits and "-", 3–32 characters.' },
          ],
        }),
      ),
    );
    renderApp('/register');
    await fillAndSubmit();
    const username = screen.getByLabelText('Username');
    // The first in the form, not the first the server named.
    await waitFor(() => expect(username).toHaveFocus());
    expect(username).toHaveAccessibleDescription('Lowercase letters, digits and "-", 3–32 characters.');
    expect(screen.getAllByText(/3–32 characters/)).toHaveLength(1);
  });

  it('shows its welcome at the bottom, away from the header’s account menu', async () => {
    loginSucceeds();
    server.use(http.post(apiPath('/auth/register'), () => ok(makeUser(), 201)));
    renderApp('/register');
    await fillAndSubmit();
    // Toasts of earlier tests may still be shown: every one is at the bottom.
    const welcomes = await screen.findAllByText('Welcome, alice!');
    for (const welcome of welcomes)
      expect(welcome.closest('[data-sonner-toaster]')).toHaveAttribute('data-y-position', 'bottom');
  });

  it('shows the server validation messages at their fields', async () => {
    server.use(
      http.post(apiPath('/auth/register'), () =>
        fail(422, 'validation_error', 'Invalid request.', {
          details: [
            { field: 'username', message: 'This username is reserved.' },
            { field: 'password', message: 'Password must be at least 8 characters.' },
          ],
        }),
      ),
    );
    renderApp('/register');
    await fillAndSubmit();
    await waitFor(() =>
      expect(screen.getByLabelText('Username')).toHaveAccessibleDescription(/This username is reserved\./),
    );
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/Password must be at least 8 characters\./);
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Please correct the highlighted fields.');
  });

  it('says a coded field error in Korean, and an unknown code in the server’s words', async () => {
    useSettingsStore.setState({ language: 'ko' });
    server.use(
      http.post(apiPath('/auth/register'), () =>
        fail(422, 'validation_error', 'Invalid request.', {
          details: [
            { field: 'username', message: 'This username is reserved.', code: 'username_reserved' },
            { field: 'password', message: 'Password must be at least 8 characters.', code: 'password_too_short' },
            { field: 'email', message: 'Some rule this dashboard does not know yet.', code: 'email_from_the_future' },
          ],
        }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/register');
    await user.type(await screen.findByLabelText('이메일'), 'alice@example.com');
    await user.type(screen.getByLabelText('사용자 이름'), 'admin');
    await user.type(screen.getByLabelText('비밀번호'), 'short');
    await user.click(screen.getByRole('button', { name: '계정 만들기' }));
    await waitFor(() =>
      expect(screen.getByLabelText('사용자 이름')).toHaveAccessibleDescription(
        expect.stringContaining('예약된 사용자 이름이라 쓸 수 없습니다.'),
      ),
    );
    expect(screen.getByLabelText('비밀번호')).toHaveAccessibleDescription(
      expect.stringContaining('비밀번호는 8자 이상이어야 합니다.'),
    );
    expect(screen.getByLabelText('이메일')).toHaveAccessibleDescription(
      expect.stringContaining('Some rule this dashboard does not know yet.'),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('표시된 항목을 고쳐 주세요.');
  });

  it.each([
    ['email_taken', 'Email', 'An account with this email already exists.'],
    ['username_taken', 'Username', 'This username is already taken.'],
  ])('shows %s at the %s field', async (code, label, message) => {
    server.use(http.post(apiPath('/auth/register'), () => fail(409, code, 'Conflict.')));
    renderApp('/register');
    await fillAndSubmit();
    await waitFor(() =>
      expect(screen.getByLabelText(label)).toHaveAccessibleDescription(expect.stringContaining(message)),
    );
  });
});

describe('session', () => {
  it('a rejected token logs the user out and shows a notice on the login page', async () => {
    signIn();
    server.use(
      http.get(apiPath('/auth/me'), () => fail(401, 'unauthenticated', 'Token expired.')),
      http.get(apiPath('/hosting/my'), () => fail(401, 'unauthenticated', 'Token expired.')),
    );
    const { router } = renderApp('/hosting');
    expect(await screen.findByText('Your session has ended. Please log in again.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(api.getToken()).toBeNull();
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });
});

describe('a suspended account', () => {
  const suspended = (reason?: string) =>
    fail(401, 'account_suspended', 'This account is suspended.', reason ? { details: { reason } } : {});

  it('is told at its next request that it is suspended and why, not that its session expired', async () => {
    signIn();
    server.use(
      http.get(apiPath('/auth/me'), () => suspended('Sends spam from the site')),
      http.get(apiPath('/hosting/my'), () => suspended('Sends spam from the site')),
    );
    const { router } = renderApp('/hosting');
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('Your account is suspended.');
    expect(notice).toHaveTextContent('Reason: Sends spam from the site');
    expect(notice).toHaveTextContent('your site shows a “suspended” page and SSH is closed');
    expect(screen.queryByText('Your session has ended. Please log in again.')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(api.getToken()).toBeNull();
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: false, notice: 'account_suspended' });
  });

  it('is told the same in Korean when it tries to log in', async () => {
    useSettingsStore.setState({ language: 'ko' });
    const user = userEvent.setup();
    server.use(http.post(apiPath('/auth/login'), () => suspended('스팸 발송')));
    renderApp('/login');
    await user.type(await screen.findByLabelText('이메일'), 'alice@example.com');
    await user.type(screen.getByLabelText('비밀번호'), 'correct horse');
    await user.click(screen.getByRole('button', { name: '로그인' }));
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('계정이 정지되었습니다.');
    expect(notice).toHaveTextContent('사유: 스팸 발송');
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });

  it('says it is suspended without a reason when the operator gave none', async () => {
    const user = userEvent.setup();
    server.use(http.post(apiPath('/auth/login'), () => suspended()));
    renderApp('/login');
    await user.type(await screen.findByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('Your account is suspended.');
    expect(notice).not.toHaveTextContent('Reason');
  });
});
