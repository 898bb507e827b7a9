import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { InfoCard } from '../../../src/components/hosting/InfoCard';
import { InitialPasswordDialog } from '../../../src/components/hosting/InitialPasswordDialog';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

const OPENSSH_PRIVATE = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const PUTTY_PRIVATE = 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: alice@laptop';

/** Every request that changes something, as the network sees it: a private key must never be among them. */
function recordWrites(): Request[] {
  const writes: Request[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method !== 'GET') writes.push(request.clone());
  });
  return writes;
}

afterEach(() => server.events.removeAllListeners());

async function openCreateDialog() {
  server.use(http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')));
  signIn();
  renderWithProviders(<HostingManager />);
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Create hosting' }));
  return { user, dialog: screen.getByRole('dialog', { name: 'Create your hosting' }) };
}

describe('the create dialog', () => {
  it('explains how to make a key and show its public half, on Linux, macOS and Windows', async () => {
    const { user, dialog } = await openCreateDialog();
    await user.click(within(dialog).getByText('How do I get an SSH key?'));
    expect(within(dialog).getByText('ssh-keygen -t ed25519')).toBeVisible();
    expect(within(dialog).getByText('cat ~/.ssh/id_ed25519.pub')).toBeInTheDocument();
    expect(within(dialog).getByText('type $env:USERPROFILE\\.ssh\\id_ed25519.pub')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Copy command: ssh-keygen -t ed25519' }));
    expect(await navigator.clipboard.readText()).toBe('ssh-keygen -t ed25519');
  });

  it.each([
    ['an OpenSSH private key', OPENSSH_PRIVATE, /This is your private key, and it was not sent/],
    ['a PuTTY key file', PUTTY_PRIVATE, /This is a PuTTY key file \(\.ppk\).*it was not sent/],
  ])('refuses %s in the browser and never sends it', async (_kind, pasted, explanation) => {
    const writes = recordWrites();
    const { user, dialog } = await openCreateDialog();
    const field = within(dialog).getByLabelText('SSH public key (optional)');
    await user.click(field);
    await user.paste(pasted);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(explanation);
    await user.click(within(dialog).getByRole('button', { name: 'Create hosting' }));

    // Nothing left the browser: the dialog stays, with the explanation, and no request was made.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes).toEqual([]);
    expect(screen.getByRole('dialog', { name: 'Create your hosting' })).toBeInTheDocument();
  });

  it('gives the focus back to "Create hosting" when cancelled, not to the page', async () => {
    const { user, dialog } = await openCreateDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Create hosting' })).toHaveFocus();
  });

  it('says so in Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    server.use(http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')));
    signIn();
    renderWithProviders(<HostingManager />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '호스팅 만들기' }));
    const field = screen.getByLabelText('SSH 공개 키 (선택)');
    await user.click(field);
    await user.paste(OPENSSH_PRIVATE);
    expect(field).toHaveAccessibleDescription(/붙여 넣은 것은 개인 키이며, 전송하지 않았습니다/);
    expect(screen.getByText('SSH 키는 어떻게 만드나요?')).toBeInTheDocument();
  });
});

describe('the one-time password dialog', () => {
  function renderDialog(onDismiss: () => void, sshCommand = 'ssh -p 22001 alice@hostbay.localhost') {
    renderWithProviders(
      <InitialPasswordDialog password="s3cret-Once-9" sshUser="alice" sshCommand={sshCommand} onDismiss={onDismiss} />,
    );
    return screen.getByRole('dialog', { name: 'Your SSH password' });
  }

  it('stays open on Escape and on a click beside it, and closes only on "I have saved it"', async () => {
    const user = userEvent.setup();
    let dismissed = 0;
    const dialog = renderDialog(() => dismissed++);
    await user.keyboard('{Escape}');
    fireEvent.pointerDown(document.querySelector('.dialog-overlay') as Element);
    expect(dismissed).toBe(0);
    expect(within(dialog).getByTestId('initial-password')).toHaveTextContent('s3cret-Once-9');
    await user.click(within(dialog).getByRole('button', { name: 'I have saved it' }));
    expect(dismissed).toBe(1);
  });

  it('shows the full SSH command, and copies it and the password separately', async () => {
    const user = userEvent.setup();
    const dialog = renderDialog(() => undefined);
    expect(within(dialog).getByText('ssh -p 22001 alice@hostbay.localhost')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Copy SSH command' }));
    expect(await navigator.clipboard.readText()).toBe('ssh -p 22001 alice@hostbay.localhost');
    await user.click(within(dialog).getByRole('button', { name: 'Copy password' }));
    expect(await navigator.clipboard.readText()).toBe('s3cret-Once-9');
  });

  it('says the command is on its way while the machine has no SSH port yet', () => {
    const dialog = renderDialog(() => undefined, '');
    expect(within(dialog).getByRole('status')).toHaveTextContent(/appears here in a moment/);
  });
});

describe('setting a new password', () => {
  async function openFor(hosting: ReturnType<typeof makeHosting>) {
    const user = userEvent.setup();
    renderWithProviders(<InfoCard hosting={hosting} />);
    await user.click(screen.getByRole('button', { name: 'Set a new password' }));
    return { user, dialog: screen.getByRole('dialog', { name: 'Set a new password' }) };
  }

  it('says it changes the SSH login of a password hosting, and sets it on the machine', async () => {
    let body: unknown;
    server.use(
      http.put(apiPath('/hosting/my/console/password'), async ({ request }) => {
        body = await request.json();
        return ok(null);
      }),
    );
    const { user, dialog } = await openFor(makeHosting('RUNNING', { ssh_auth: 'password' }));
    expect(dialog).toHaveAccessibleDescription(/the one ssh, scp, sftp and SFTP apps ask for/);
    await user.type(within(dialog).getByLabelText('New password for alice'), 'correct-horse-9');
    await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('Password set for alice.')).toBeInTheDocument();
    expect(body).toEqual({ password: 'correct-horse-9' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('says a key-only hosting keeps SSH on the key: the password is for the console', async () => {
    const { dialog } = await openFor(makeHosting('RUNNING', { ssh_auth: 'key' }));
    expect(dialog).toHaveAccessibleDescription(/lets SSH in with your key only: this password is for the console/);
    expect(screen.getByText('SSH and SFTP use your key; a password is for the console only.')).toBeInTheDocument();
  });

  it('says in words when the machine does not answer', async () => {
    server.use(
      http.put(apiPath('/hosting/my/console/password'), () =>
        fail(503, 'guest_agent_unavailable', 'The guest agent did not answer.'),
      ),
    );
    const { user, dialog } = await openFor(makeHosting('RUNNING', { ssh_auth: 'password' }));
    await user.type(within(dialog).getByLabelText('New password for alice'), 'correct-horse-9');
    await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Your machine did not answer');
  });

  it('asks to start a stopped hosting first instead of offering a form that must fail', async () => {
    const { dialog } = await openFor(makeHosting('STOPPED', { ssh_auth: 'password' }));
    expect(within(dialog).queryByLabelText('New password for alice')).not.toBeInTheDocument();
    expect(dialog).toHaveTextContent('Start your hosting first');
  });
});

describe('the details card', () => {
  it('keeps the internal name behind a closed disclosure and leaves out an unknown IP address', () => {
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { ip_address: null })} />);
    const technical = screen.getByText('Technical details').closest('details') as HTMLDetailsElement;
    expect(technical.open).toBe(false);
    expect(within(technical).getByText('hostbay-alice')).toBeInTheDocument();
    expect(screen.queryByText('IP address')).not.toBeInTheDocument();
    // What a member uses stays in front.
    const card = screen.getByRole('region', { name: 'Details' });
    expect(within(card).getByText('ssh -p 22001 alice@hostbay.localhost').closest('details')).toBeNull();
    expect(within(card).getByText('1024 MB').closest('details')).toBeNull();
  });
});
