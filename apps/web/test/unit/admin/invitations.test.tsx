import type { AdminUser } from '@hostbay/contract/admin';
import type { CreatedInvitation, Invitation, SignupInfo } from '@hostbay/contract/signup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

const ADMIN = makeUser({ id: '0a000000-0000-4000-8000-000000000001', username: 'root', is_admin: true });
const OTHER_ADMIN_ID = '0a000000-0000-4000-8000-000000000002';
const NEW_MEMBER_ID = '0b000000-0000-4000-8000-00000000beef';

function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: '1c000000-0000-4000-8000-000000000001',
    email: null,
    state: 'pending',
    created_at: '2025-03-01T09:00:00.000Z',
    expires_at: '2025-03-08T09:00:00.000Z',
    used_at: null,
    used_by: null,
    revoked_at: null,
    created_by: ADMIN.id,
    ...overrides,
  };
}

const PENDING = invitation({ id: '1c000000-0000-4000-8000-000000000001', email: 'kim@school.example' });
const USED_BOUND = invitation({
  id: '1c000000-0000-4000-8000-000000000002',
  email: 'lee@school.example',
  state: 'used',
  used_at: '2025-03-02T11:00:00.000Z',
  used_by: NEW_MEMBER_ID,
  created_by: OTHER_ADMIN_ID,
});
const USED_OPEN = invitation({
  id: '1c000000-0000-4000-8000-000000000003',
  state: 'used',
  used_at: '2025-03-02T12:00:00.000Z',
  used_by: NEW_MEMBER_ID,
});
const REVOKED = invitation({
  id: '1c000000-0000-4000-8000-000000000004',
  state: 'revoked',
  revoked_at: '2025-03-03T08:00:00.000Z',
});
const EXPIRED = invitation({ id: '1c000000-0000-4000-8000-000000000005', state: 'expired' });

function adminUser(id: string, username: string): AdminUser {
  return {
    id,
    email: `${username}@example.com`,
    username,
    is_admin: true,
    status: 'active',
    status_reason: null,
    plan_id: null,
    hosting: null,
    created_at: '2025-01-01T00:00:00.000Z',
  };
}

/**
 * The invitations page's API: the signed-in admin, the admins' names, the list in
 * pages of `pages` (each page's cursor is its index), and the sign-up mode.
 * Returns the query strings the list was asked with.
 */
function invitationsApi({
  pages = [[PENDING, USED_BOUND, USED_OPEN, REVOKED, EXPIRED]],
  mode = 'invite',
}: { pages?: Invitation[][]; mode?: SignupInfo['mode'] } = {}) {
  const asked: string[] = [];
  server.use(
    http.get(apiPath('/auth/me'), () => ok(ADMIN)),
    http.get(apiPath('/auth/signup'), () =>
      ok({
        mode,
        email_domains: mode === 'domains' ? ['school.example'] : [],
        invitation: null,
        site_domain: 'example.org',
      }),
    ),
    http.get(apiPath('/admin/users'), ({ request }) => {
      // Only the admins are asked for: who makes invitations.
      expect(new URL(request.url).searchParams.get('role')).toBe('admin');
      return ok({ items: [adminUser(ADMIN.id, 'root'), adminUser(OTHER_ADMIN_ID, 'park')], next: null });
    }),
    http.get(apiPath('/admin/invitations'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      asked.push(query.toString());
      const index = Number(query.get('after') ?? 0);
      return ok({ items: pages[index] ?? [], next: index + 1 < pages.length ? String(index + 1) : null });
    }),
  );
  return asked;
}

function signInAdmin() {
  signIn(ADMIN);
}

/** The table's row (a card on a phone) that holds `text`. */
async function rowWith(text: string) {
  const cell = await screen.findByText(text);
  const row = cell.closest('tr');
  if (!row) throw new Error(`no row holds ${text}`);
  return row;
}

// The page is a lazy route: loaded once here, so that no test's first wait includes compiling it.
beforeAll(async () => {
  await import('../../../src/pages/admin/AdminInvitationsPage');
});

const TOKEN = 'tok_-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t';

/** The API makes the invitation asked for; returns the bodies it was sent. */
function creationSucceeds() {
  const sent: unknown[] = [];
  server.use(
    http.post(apiPath('/admin/invitations'), async ({ request }) => {
      const body = (await request.json()) as { email?: string };
      sent.push(body);
      const created: CreatedInvitation = {
        ...invitation({ id: '1c000000-0000-4000-8000-0000000000aa', email: body.email ?? null }),
        expires_at: '2025-03-31T09:00:00.000Z',
        token: TOKEN,
        link: `http://hostbay.example/register?invite=${TOKEN}`,
      };
      return ok(created, 201);
    }),
  );
  return sent;
}

describe('admin invitations: making one', () => {
  it('sends the bound email and the chosen expiry, then shows the sign-up link', async () => {
    const user = userEvent.setup();
    signInAdmin();
    invitationsApi();
    const sent = creationSucceeds();
    renderApp('/admin/invitations');
    const form = await screen.findByRole('region', { name: 'New invitation' });
    await user.click(within(form).getByLabelText('Email (optional)'));
    await user.paste(' new@school.example ');
    await user.click(within(form).getByRole('radio', { name: '30 days' }));
    await user.click(within(form).getByRole('button', { name: 'Create invitation' }));

    const dialog = await screen.findByRole('dialog', { name: 'Invitation link' });
    expect(sent).toEqual([{ email: 'new@school.example', expires_in_days: 30 }]);
    expect(dialog).toHaveTextContent('Copy it now: it cannot be shown again.');
    expect(dialog).toHaveTextContent('Only new@school.example can sign up with it.');
    // The register page reads `?invite=` on this dashboard's own address.
    const link = new URL(within(dialog).getByTestId('invitation-link').textContent ?? '');
    expect(link.origin).toBe(window.location.origin);
    expect(link.pathname).toBe('/register');
    expect(link.searchParams.get('invite')).toBe(TOKEN);
  });

  it('sends 7 days and no email by default; copies the link, which is gone once closed', async () => {
    const user = userEvent.setup();
    signInAdmin();
    const asked = invitationsApi();
    const sent = creationSucceeds();
    renderApp('/admin/invitations');
    await waitFor(() => expect(asked).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invitation link' });
    expect(sent).toEqual([{ expires_in_days: 7 }]);
    expect(dialog).toHaveTextContent('Whoever has the link can sign up with it, once.');

    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/register?invite=${TOKEN}`);
    expect(await screen.findByText('Link copied to the clipboard.')).toBeInTheDocument();

    // The list is asked again, so the new invitation appears; once closed, the link is gone for good.
    await waitFor(() => expect(asked).toHaveLength(2));
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByText(TOKEN, { exact: false })).not.toBeInTheDocument();
  });

  it('shows the API’s word on a bad email at the field, and opens no link', async () => {
    const user = userEvent.setup();
    signInAdmin();
    invitationsApi();
    server.use(
      http.post(apiPath('/admin/invitations'), () =>
        fail(422, 'validation_error', 'email: Enter a valid email address.', {
          details: [{ field: 'email', message: 'Enter a valid email address.', code: 'email_invalid' }],
        }),
      ),
    );
    renderApp('/admin/invitations');
    const email = await screen.findByLabelText('Email (optional)');
    await user.click(email);
    await user.paste('not-an-address');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));
    await waitFor(() =>
      expect(email).toHaveAccessibleDescription(expect.stringContaining('Enter a valid email address.')),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('admin invitations: the list', () => {
  it('shows for whom, the state, who made it and who used it', async () => {
    signInAdmin();
    invitationsApi();
    renderApp('/admin/invitations');

    const pending = await rowWith('kim@school.example');
    expect(pending).toHaveTextContent('Pending');
    expect(pending).toHaveTextContent('until Mar 8, 2025');
    expect(pending).toHaveTextContent('by you');
    expect(within(pending).getByRole('button', { name: 'Revoke the invitation for kim@school.example' })).toBeVisible();

    // Bound to an email, it can only have been used by that address: the "For" column names them.
    const usedBound = await rowWith('lee@school.example');
    expect(usedBound).toHaveTextContent('Used');
    expect(usedBound).not.toHaveTextContent('by member');
    expect(await within(usedBound).findByText('by park')).toBeInTheDocument();

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toHaveTextContent('Anyone with the link');
    expect(rows[2]).toHaveTextContent('by member 0b000000');
    expect(rows[3]).toHaveTextContent('Revoked');
    expect(rows[4]).toHaveTextContent('Expired');
    // Only a pending invitation can be revoked.
    for (const row of rows.slice(1)) expect(within(row).queryByRole('button')).not.toBeInTheDocument();
  });

  it('asks for the next page with the cursor the API gave', async () => {
    const user = userEvent.setup();
    signInAdmin();
    const asked = invitationsApi({ pages: [[PENDING], [EXPIRED]] });
    renderApp('/admin/invitations');
    await rowWith('kim@school.example');
    expect(screen.getByText('1 shown')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByText('Expired')).toBeInTheDocument();
    expect(asked).toEqual(['', 'after=1']);
    expect(screen.getByText('2 shown')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('says when there are none, and when the list cannot be loaded', async () => {
    signInAdmin();
    invitationsApi({ pages: [[]] });
    const { unmount } = renderApp('/admin/invitations');
    expect(await screen.findByText('No invitations yet')).toBeInTheDocument();
    unmount();
    server.use(http.get(apiPath('/admin/invitations'), () => fail(503, 'internal_error', 'The database is away.')));
    renderApp('/admin/invitations');
    expect(await screen.findByText('Could not load this list')).toBeInTheDocument();
    expect(screen.getByText('The database is away.')).toBeInTheDocument();
  });
});

describe('admin invitations: revoking', () => {
  it('asks first; Cancel sends nothing', async () => {
    const user = userEvent.setup();
    signInAdmin();
    invitationsApi();
    let revoked = 0;
    server.use(
      http.post(apiPath('/admin/invitations/:id/revoke'), () => {
        revoked += 1;
        return ok(invitation({ state: 'revoked' }));
      }),
    );
    renderApp('/admin/invitations');
    const row = await rowWith('kim@school.example');
    await user.click(within(row).getByRole('button', { name: /Revoke/ }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke this invitation?' });
    expect(dialog).toHaveTextContent('The link for kim@school.example stops working at once.');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(revoked).toBe(0);
  });

  it('revokes the one asked, and the list is read again', async () => {
    const user = userEvent.setup();
    signInAdmin();
    const asked = invitationsApi();
    let revokedId: string | undefined;
    server.use(
      http.post(apiPath('/admin/invitations/:id/revoke'), ({ params }) => {
        revokedId = String(params.id);
        return ok({ ...PENDING, state: 'revoked', revoked_at: '2025-03-04T00:00:00.000Z' });
      }),
    );
    renderApp('/admin/invitations');
    const row = await rowWith('kim@school.example');
    await user.click(within(row).getByRole('button', { name: /Revoke/ }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByText('Invitation revoked.')).toBeInTheDocument();
    expect(revokedId).toBe(PENDING.id);
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('says why when the API refuses (used meanwhile)', async () => {
    const user = userEvent.setup();
    signInAdmin();
    invitationsApi();
    server.use(
      http.post(apiPath('/admin/invitations/:id/revoke'), () =>
        fail(409, 'conflict', 'This invitation has been used; it cannot be revoked.'),
      ),
    );
    renderApp('/admin/invitations');
    const row = await rowWith('kim@school.example');
    await user.click(within(row).getByRole('button', { name: /Revoke/ }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByText('This invitation has been used; it cannot be revoked.')).toBeInTheDocument();
  });
});

describe('admin invitations: the sign-up mode', () => {
  it('says that invitations are what lets people in, in invite mode', async () => {
    signInAdmin();
    invitationsApi({ mode: 'invite' });
    renderApp('/admin/invitations');
    expect(await screen.findByRole('note')).toHaveTextContent(
      'Sign-up here needs an invitation (HOSTBAY_SIGNUP=invite)',
    );
  });

  it.each([
    ['domains', 'An invitation lets one more person in from any address'],
    ['approval', 'inviting them is approving them'],
  ] as const)('says what an invitation does in %s mode', async (mode, words) => {
    signInAdmin();
    invitationsApi({ mode });
    renderApp('/admin/invitations');
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent(`HOSTBAY_SIGNUP=${mode}`);
    expect(note).toHaveTextContent(words);
    expect(note).not.toHaveClass('invitation-mode-off');
  });

  it.each([
    ['open', 'invitations have no effect'],
    ['closed', 'not even with an invitation'],
  ] as const)('warns that invitations do nothing in %s mode', async (mode, words) => {
    signInAdmin();
    invitationsApi({ mode });
    renderApp('/admin/invitations');
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent(`HOSTBAY_SIGNUP=${mode}`);
    expect(note).toHaveTextContent(words);
    expect(note).toHaveClass('invitation-mode-off');
  });
});

describe('admin invitations in Korean', () => {
  it('speaks Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    signInAdmin();
    invitationsApi({ mode: 'closed' });
    renderApp('/admin/invitations');
    expect(await screen.findByRole('heading', { name: '초대', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: '새 초대' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: '30일' })).toBeInTheDocument();
    const row = await rowWith('kim@school.example');
    expect(row).toHaveTextContent('대기 중');
    expect(row).toHaveTextContent('만료 2025. 3. 8.');
    expect(row).toHaveTextContent('만든 사람: 나');
    expect(await screen.findByRole('note')).toHaveTextContent('초대가 있어도 아무도 가입할 수 없습니다');
    expect(screen.getAllByText('링크를 가진 누구나')).toHaveLength(3);
  });
});
