import type { SignupInfo } from '@hostbay/contract/signup';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

/** The sign-up page's question, answered as the API would in one mode; records the invite token asked about. */
function signupIs(info: Partial<SignupInfo> & Pick<SignupInfo, 'mode'>, asked: (string | null)[] = []) {
  server.use(
    http.get(apiPath('/auth/signup'), ({ request }) => {
      asked.push(new URL(request.url).searchParams.get('invite'));
      return ok({ email_domains: [], invitation: null, site_domain: 'example.org', ...info });
    }),
  );
  return asked;
}

/** Sign-up and login succeed as `user`, with no hosting yet; returns what the sign-up sent. */
function registrationSucceeds(user = makeUser()) {
  const sent: unknown[] = [];
  server.use(
    http.post(apiPath('/auth/register'), async ({ request }) => {
      sent.push(await request.json());
      return ok(user, 201);
    }),
    http.post(apiPath('/auth/login'), () =>
      ok({ access_token: 'jwt-abc', token_type: 'bearer', expires_in: 3600, user }),
    ),
    http.get(apiPath('/auth/me'), () => ok(user)),
    http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')),
  );
  return sent;
}

async function fill(fields: { email?: string; username: string; password: string }) {
  const user = userEvent.setup();
  if (fields.email !== undefined) await user.type(await screen.findByLabelText('Email'), fields.email);
  await user.type(await screen.findByLabelText('Username'), fields.username);
  await user.type(screen.getByLabelText('Password'), fields.password);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('the sign-up page in each mode', () => {
  it('closed: says so instead of showing the form', async () => {
    signupIs({ mode: 'closed' });
    renderApp('/register');
    expect(await screen.findByText(/Sign-up is closed here/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Email')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create account' })).not.toBeInTheDocument();
  });

  it('closed, in Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    signupIs({ mode: 'closed' });
    renderApp('/register');
    expect(await screen.findByText(/이곳은 지금 가입을 받지 않습니다/)).toBeInTheDocument();
    expect(screen.queryByLabelText('이메일')).not.toBeInTheDocument();
  });

  it('domains: names the accepted domains, and shows a refusal at the email field', async () => {
    signupIs({ mode: 'domains', email_domains: ['school.example', 'staff.example'] });
    server.use(
      http.post(apiPath('/auth/register'), () =>
        fail(422, 'validation_error', 'Use an email address under school.example, staff.example.', {
          details: [
            {
              field: 'email',
              message: 'Use an email address under school.example, staff.example.',
              code: 'email_domain_not_allowed',
            },
          ],
        }),
      ),
    );
    renderApp('/register');
    expect(
      await screen.findByText('Sign-up is open to email addresses under school.example, staff.example.'),
    ).toBeInTheDocument();
    await fill({ email: 'me@elsewhere.example', username: 'alice', password: 'correct horse' });
    await waitFor(() =>
      expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(
        expect.stringContaining('Sign-up is open only to email addresses of the domains this Hostbay accepts.'),
      ),
    );
  });

  it('invite without a link: says a link is needed instead of the form, and asks about no token', async () => {
    const asked = signupIs({ mode: 'invite' });
    renderApp('/register');
    expect(await screen.findByText(/Sign-up here needs an invitation link/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Email')).not.toBeInTheDocument();
    expect(asked).toEqual([null]);
  });

  it('invite with a spent link: says it cannot be used', async () => {
    signupIs({ mode: 'invite', invitation: { valid: false, email: null } });
    renderApp('/register?invite=spent-token');
    expect(await screen.findByText(/This invitation link cannot be used/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Email')).not.toBeInTheDocument();
  });

  it('invite with a link bound to an email: fills it in, locks it, and sends the token', async () => {
    const asked = signupIs({ mode: 'invite', invitation: { valid: true, email: 'new.pupil@school.example' } });
    const sent = registrationSucceeds(makeUser({ email: 'new.pupil@school.example', username: 'pupil' }));
    const { router } = renderApp('/register?invite=tok_123-abc');
    expect(
      await screen.findByText('You have been invited as new.pupil@school.example: create your account.'),
    ).toBeInTheDocument();
    const email = screen.getByLabelText('Email');
    expect(email).toHaveValue('new.pupil@school.example');
    expect(email).toHaveAttribute('readonly');
    expect(asked).toEqual(['tok_123-abc']);
    await fill({ username: 'pupil', password: 'correct horse' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(sent).toEqual([
      { email: 'new.pupil@school.example', username: 'pupil', password: 'correct horse', invite: 'tok_123-abc' },
    ]);
  });

  it('open: sends no token, even if the URL has one', async () => {
    const sent = registrationSucceeds();
    const { router } = renderApp('/register?invite=left-over');
    await fill({ email: 'alice@example.com', username: 'alice', password: 'correct horse' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(sent).toEqual([{ email: 'alice@example.com', username: 'alice', password: 'correct horse' }]);
  });

  it('approval: says the account will wait, and the new member lands on a page that says they wait', async () => {
    signupIs({ mode: 'approval' });
    registrationSucceeds(makeUser({ status: 'pending' }));
    renderApp('/register');
    expect(await screen.findByText(/New accounts wait for an administrator’s approval/)).toBeInTheDocument();
    await fill({ email: 'alice@example.com', username: 'alice', password: 'correct horse' });
    expect(await screen.findByRole('heading', { name: 'Waiting for approval' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Create hosting' })).not.toBeInTheDocument();
  });

  it('approval with an invitation: says they are invited (no waiting) and sends the token', async () => {
    const asked = signupIs({ mode: 'approval', invitation: { valid: true, email: null } });
    const sent = registrationSucceeds();
    const { router } = renderApp('/register?invite=tok_456');
    expect(await screen.findByText('You have been invited: create your account.')).toBeInTheDocument();
    expect(screen.queryByText(/wait for an administrator/)).not.toBeInTheDocument();
    await fill({ email: 'alice@example.com', username: 'alice', password: 'correct horse' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(asked).toContain('tok_456');
    expect(sent).toEqual([
      { email: 'alice@example.com', username: 'alice', password: 'correct horse', invite: 'tok_456' },
    ]);
  });

  it('shows a refusal the page did not foresee (closed since it loaded) in words', async () => {
    server.use(http.post(apiPath('/auth/register'), () => fail(403, 'signup_closed', 'Sign-up is closed.')));
    renderApp('/register');
    await fill({ email: 'alice@example.com', username: 'alice', password: 'correct horse' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Sign-up is closed here. Ask the people who run this Hostbay for an account.',
    );
  });
});

describe('a member who waits for approval', () => {
  function pendingMember() {
    const user = signIn(makeUser({ status: 'pending' }));
    server.use(
      http.get(apiPath('/auth/me'), () => ok(user)),
      http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')),
    );
  }

  it('sees that they wait instead of the create button, on the dashboard and the hosting page', async () => {
    pendingMember();
    const { unmount } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Waiting for approval' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Create hosting' })).not.toBeInTheDocument();
    unmount();
    renderApp('/hosting');
    expect(await screen.findByRole('heading', { name: 'Waiting for approval' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create hosting' })).not.toBeInTheDocument();
  });

  it('sees it in Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    pendingMember();
    renderApp('/hosting');
    expect(await screen.findByRole('heading', { name: '승인을 기다리는 중' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '호스팅 만들기' })).not.toBeInTheDocument();
  });

  it('gets the create button once /auth/me says they are approved', async () => {
    signIn(makeUser({ status: 'pending' }));
    server.use(
      http.get(apiPath('/auth/me'), () => ok(makeUser({ status: 'active' }))),
      http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')),
    );
    renderApp('/hosting');
    expect(await screen.findByRole('button', { name: 'Create hosting' })).toBeInTheDocument();
  });
});
