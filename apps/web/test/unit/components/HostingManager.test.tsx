import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeCreated, makeHosting, makeSteps } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJd0cmVhbGtleWZvcnRlc3RzMTIzNDU2Nzg5MA alice@laptop';

function noHosting() {
  server.use(http.get(apiPath('/hosting/my'), () => fail(404, 'not_found', 'You have no hosting.')));
}

function renderManager() {
  signIn();
  return renderWithProviders(<HostingManager />);
}

describe('HostingManager', () => {
  it('shows a loading state first', async () => {
    server.use(
      http.get(apiPath('/hosting/my'), async () => {
        await delay('infinite');
        return ok(null);
      }),
    );
    renderManager();
    expect(await screen.findByRole('status')).toHaveTextContent('Loading your hosting…');
  });

  it('shows a load error with the server message and recovers on retry', async () => {
    let calls = 0;
    server.use(
      http.get(apiPath('/hosting/my'), () =>
        ++calls === 1 ? fail(500, 'internal_error', 'Something broke on our side.') : ok(makeHosting('RUNNING')),
      ),
    );
    renderManager();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your hosting could not be loaded.');
    expect(alert).toHaveTextContent('Something broke on our side.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Running')).toBeInTheDocument();
  });

  it('shows the empty state when the user has no hosting', async () => {
    noHosting();
    renderManager();
    expect(await screen.findByRole('heading', { name: 'No hosting yet' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create hosting' })).toBeEnabled();
  });

  it('treats a DELETED hosting like none', async () => {
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('DELETED'))));
    renderManager();
    expect(await screen.findByRole('heading', { name: 'No hosting yet' })).toBeInTheDocument();
  });

  it('creates without a key after confirming, and shows the one-time password once', async () => {
    const user = userEvent.setup();
    noHosting();
    let body: unknown;
    server.use(
      http.post(apiPath('/hosting'), async ({ request }) => {
        body = await request.json();
        return ok(makeCreated('s3cret-Once-9'), 202);
      }),
    );
    renderManager();
    await user.click(await screen.findByRole('button', { name: 'Create hosting' }));
    const dialog = screen.getByRole('dialog', { name: 'Create your hosting' });
    await user.click(within(dialog).getByRole('button', { name: 'Create hosting' }));

    const passwordDialog = await screen.findByRole('dialog', { name: 'Your SSH password' });
    expect(body).toEqual({});
    expect(within(passwordDialog).getByTestId('initial-password')).toHaveTextContent('s3cret-Once-9');
    await user.click(within(passwordDialog).getByRole('button', { name: 'Copy password' }));
    expect(await navigator.clipboard.readText()).toBe('s3cret-Once-9');
    expect(screen.getByText('Your hosting is being created.')).toBeInTheDocument();

    await user.click(within(passwordDialog).getByRole('button', { name: 'I have saved it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByText('s3cret-Once-9')).not.toBeInTheDocument();
    // The hosting is now shown while it is created, with the checklist.
    expect(screen.getByText('Creating')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Setting up your hosting' })).toBeInTheDocument();
  });

  it('sends the SSH key when given and shows no password', async () => {
    const user = userEvent.setup();
    noHosting();
    let body: unknown;
    server.use(
      http.post(apiPath('/hosting'), async ({ request }) => {
        body = await request.json();
        return ok(makeCreated(null), 202);
      }),
    );
    renderManager();
    await user.click(await screen.findByRole('button', { name: 'Create hosting' }));
    await user.type(screen.getByLabelText('SSH public key (optional)'), `  ${KEY}  `);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Create hosting' }));
    expect(await screen.findByText('Creating')).toBeInTheDocument();
    expect(body).toEqual({ ssh_public_key: KEY });
    expect(screen.queryByRole('dialog', { name: 'Your SSH password' })).not.toBeInTheDocument();
  });

  it('shows a rejected key at the key field', async () => {
    const user = userEvent.setup();
    noHosting();
    server.use(
      http.post(apiPath('/hosting'), () =>
        fail(422, 'validation_error', 'Invalid request.', {
          details: [{ field: 'ssh_public_key', message: 'Paste one OpenSSH public key line.' }],
        }),
      ),
    );
    renderManager();
    await user.click(await screen.findByRole('button', { name: 'Create hosting' }));
    const field = screen.getByLabelText('SSH public key (optional)');
    await user.type(field, 'not a key');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Create hosting' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/Paste one OpenSSH public key line\./));
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('says a rejected key in Korean when the server gives its code', async () => {
    useSettingsStore.setState({ language: 'ko' });
    const user = userEvent.setup();
    noHosting();
    server.use(
      http.post(apiPath('/hosting'), () =>
        fail(422, 'validation_error', 'Invalid request.', {
          details: [
            {
              field: 'ssh_public_key',
              message: 'This is not an OpenSSH public key. Paste the contents of your ~/.ssh/id_ed25519.pub.',
              code: 'ssh_key_unparsable',
            },
          ],
        }),
      ),
    );
    renderManager();
    await user.click(await screen.findByRole('button', { name: '호스팅 만들기' }));
    const field = screen.getByLabelText('SSH 공개 키 (선택)');
    await user.type(field, 'ssh-ed25519 AAAA');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: '호스팅 만들기' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/OpenSSH 공개 키가 아닙니다\./));
  });

  it('explains when there is no capacity', async () => {
    const user = userEvent.setup();
    noHosting();
    server.use(http.post(apiPath('/hosting'), () => fail(503, 'service_unavailable', 'No free ports.')));
    renderManager();
    await user.click(await screen.findByRole('button', { name: 'Create hosting' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Create hosting' }));
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent(
      'No capacity is free right now. Please try again later.',
    );
  });

  it('shows the details of a running hosting, without the checklist', async () => {
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))));
    renderManager();
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Details' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Quick access' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Setting up your hosting' })).not.toBeInTheDocument();
    expect(screen.getByText('Checking every 10 s', { exact: false })).toBeInTheDocument();
  });

  it('shows the checklist while CREATING', async () => {
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('CREATING', { steps: makeSteps(5) }))));
    renderManager();
    expect(await screen.findByRole('heading', { name: 'Setting up your hosting' })).toBeInTheDocument();
    expect(screen.getByText('Wait for the system to boot').closest('li')).toHaveTextContent('In progress');
    expect(screen.getByText('Checking every 3 s', { exact: false })).toBeInTheDocument();
  });

  it('shows the failed step and what failed on ERROR, and does not poll', async () => {
    const steps = makeSteps(5, 'failed').map((step, index) =>
      index < 5 ? { ...step, state: 'undone' as const } : step,
    );
    server.use(
      http.get(apiPath('/hosting/my'), () =>
        ok(
          makeHosting('ERROR', {
            steps,
            error: { step: 'wait_guest', message: 'Guest never booted.', retry_safe: true },
          }),
        ),
      ),
    );
    renderManager();
    expect(await screen.findByText('Failed step: Wait for the system to boot')).toBeInTheDocument();
    // What failed, in the reader's words (the server's English message is for API clients).
    expect(screen.getByText('The machine did not answer on its web and SSH ports in time.')).toBeInTheDocument();
    expect(screen.getByText('Reserve address and ports').closest('li')).toHaveTextContent('Undone');
    expect(screen.getByText('Not updating automatically', { exact: false })).toBeInTheDocument();
  });

  it.each([
    ['DELETING', 'Deleting your hosting', ['remove_proxy', 'stop_vm', 'delete_vm', 'release']],
    ['STARTING', 'Starting your hosting', ['start_vm', 'wait_guest']],
    ['STOPPING', 'Stopping your hosting', ['stop_vm']],
  ] as const)('shows the checklist of the %s job', async (status, title, names) => {
    const steps = names.map((name, index) => ({
      name,
      state: index === 0 ? ('running' as const) : ('pending' as const),
      started_at: index === 0 ? new Date().toISOString() : null,
      finished_at: null,
    }));
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting(status, { steps }))));
    renderManager();
    const region = await screen.findByRole('region', { name: title });
    expect(within(region).getAllByRole('listitem')).toHaveLength(names.length);
    expect(within(region).getAllByRole('listitem')[0]).toHaveTextContent('In progress');
  });

  it('shows a step name it does not know as it comes', async () => {
    const steps = [{ name: 'resize_disk', state: 'running' as const, started_at: null, finished_at: null }];
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('STARTING', { steps }))));
    renderManager();
    expect(await screen.findByText('resize_disk')).toBeInTheDocument();
  });

  it('deletes only after confirmation', async () => {
    const user = userEvent.setup();
    let deletes = 0;
    server.use(
      http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))),
      http.delete(apiPath('/hosting/my'), () => {
        deletes += 1;
        return ok(makeHosting('DELETING'), 202);
      }),
    );
    renderManager();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Delete your hosting?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(deletes).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    dialog = screen.getByRole('alertdialog', { name: 'Delete your hosting?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete hosting' }));
    expect(await screen.findByText('Your hosting is being deleted.')).toBeInTheDocument();
    expect(deletes).toBe(1);
    expect(screen.getByText('Deleting')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('shows why a delete failed', async () => {
    const user = userEvent.setup();
    server.use(
      http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))),
      http.delete(apiPath('/hosting/my'), () => fail(409, 'conflict', 'A change is already in progress.')),
    );
    renderManager();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete hosting' }));
    expect(await screen.findByText('A change is already in progress.')).toBeInTheDocument();
  });

  it('refreshes on demand and says so', async () => {
    const user = userEvent.setup();
    let calls = 0;
    server.use(
      http.get(apiPath('/hosting/my'), () => {
        calls += 1;
        return ok(makeHosting(calls === 1 ? 'STOPPED' : 'RUNNING'));
      }),
    );
    renderManager();
    expect(await screen.findByText('Stopped')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(await screen.findByText('Status refreshed.')).toBeInTheDocument();
  });
});
