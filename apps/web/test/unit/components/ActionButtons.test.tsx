import type { HostingStatus } from '@hostbay/contract/hosting';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ActionButtons } from '../../../src/components/hosting/ActionButtons';
import { hostingKeys } from '../../../src/api/queries/hosting';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

type Enabled = Record<'Refresh' | 'Start' | 'Stop' | 'Reboot' | 'Delete', boolean>;

const MATRIX: [HostingStatus, Enabled][] = [
  ['CREATING', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: true }],
  ['RUNNING', { Refresh: true, Start: false, Stop: true, Reboot: true, Delete: true }],
  ['STOPPING', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: true }],
  ['STOPPED', { Refresh: true, Start: true, Stop: false, Reboot: false, Delete: true }],
  ['STARTING', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: true }],
  ['REBOOTING', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: true }],
  ['DELETING', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: false }],
  ['DELETED', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: false }],
  ['ERROR', { Refresh: true, Start: false, Stop: false, Reboot: false, Delete: true }],
];

function renderButtons(status: HostingStatus, handlers: { onRefresh?: () => void; onDelete?: () => void } = {}) {
  return renderWithProviders(
    <ActionButtons
      hosting={makeHosting(status)}
      onRefresh={handlers.onRefresh ?? vi.fn()}
      refreshing={false}
      onDelete={handlers.onDelete ?? vi.fn()}
    />,
  );
}

describe('ActionButtons', () => {
  it.each(MATRIX)('in %s enables only what the state allows', (status, enabled) => {
    renderButtons(status);
    for (const [name, on] of Object.entries(enabled)) {
      const button = screen.getByRole('button', { name });
      if (on) expect(button).toBeEnabled();
      else expect(button).toBeDisabled();
    }
  });

  it('offers Start on an ERROR whose machine exists (a crash), as the API allows', () => {
    renderWithProviders(
      <ActionButtons
        hosting={makeHosting('ERROR', { allowed_actions: ['start', 'delete'] })}
        onRefresh={vi.fn()}
        refreshing={false}
        onDelete={vi.fn()}
      />,
    );
    expect(screen.getByRole('button', { name: 'Start' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  it('stops a running hosting once the member confirms, stores the answer and says so', async () => {
    signIn();
    let body: unknown;
    server.use(
      http.post(apiPath('/hosting/my/actions'), async ({ request }) => {
        body = await request.json();
        return ok(makeHosting('STOPPING'), 202);
      }),
    );
    const { queryClient } = renderButtons('RUNNING');
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Stop your hosting?' });
    expect(dialog).toHaveTextContent('Your site goes offline and SSH stops answering until you start it again.');
    await userEvent.click(screen.getByRole('button', { name: 'Stop hosting' }));
    expect(await screen.findByText('Your hosting is stopping.')).toBeInTheDocument();
    expect(body).toEqual({ action: 'stop' });
    expect(queryClient.getQueryData(hostingKeys.my())).toMatchObject({ status: 'STOPPING' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it('reboots once the member confirms, having said the site is down for about a minute', async () => {
    signIn();
    const actions: unknown[] = [];
    server.use(
      http.post(apiPath('/hosting/my/actions'), async ({ request }) => {
        actions.push(await request.json());
        return ok(makeHosting('REBOOTING'), 202);
      }),
    );
    const { queryClient } = renderButtons('RUNNING');
    await userEvent.click(screen.getByRole('button', { name: 'Reboot' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Reboot your hosting?' });
    expect(dialog).toHaveTextContent('Your site is down while the machine restarts, usually for about a minute.');
    await userEvent.click(screen.getByRole('button', { name: 'Reboot hosting' }));
    expect(await screen.findByText('Your hosting is rebooting.')).toBeInTheDocument();
    expect(actions).toEqual([{ action: 'reboot' }]);
    expect(queryClient.getQueryData(hostingKeys.my())).toMatchObject({ status: 'REBOOTING' });
  });

  it.each([
    ['Stop', 'Stop your hosting?'],
    ['Reboot', 'Reboot your hosting?'],
  ] as const)('sends nothing when the member cancels %s', async (button, title) => {
    signIn();
    const actions: unknown[] = [];
    server.use(
      http.post(apiPath('/hosting/my/actions'), async ({ request }) => {
        actions.push(await request.json());
        return ok(makeHosting('STOPPING'), 202);
      }),
    );
    renderButtons('RUNNING');
    await userEvent.click(screen.getByRole('button', { name: button }));
    await screen.findByRole('alertdialog', { name: title });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(actions).toEqual([]);
    expect(screen.getByRole('button', { name: button })).toBeEnabled();
  });

  it('asks in Korean when the language is Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    renderButtons('RUNNING');
    await userEvent.click(screen.getByRole('button', { name: '재부팅' }));
    const dialog = await screen.findByRole('alertdialog', { name: '호스팅을 재부팅할까요?' });
    expect(dialog).toHaveTextContent('보통 1분 정도 사이트가 멈춥니다');
    expect(screen.getByRole('button', { name: '호스팅 재부팅' })).toBeInTheDocument();
  });

  it('makes Start the prominent button of a stopped hosting', () => {
    renderButtons('STOPPED');
    expect(screen.getByRole('button', { name: 'Start' })).toHaveClass('btn-primary');
  });

  it('starts a stopped hosting at once, without a question: starting takes nothing down', async () => {
    signIn();
    const actions: unknown[] = [];
    server.use(
      http.post(apiPath('/hosting/my/actions'), async ({ request }) => {
        actions.push(await request.json());
        return ok(makeHosting('STARTING'), 202);
      }),
    );
    renderButtons('STOPPED');
    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(await screen.findByText('Your hosting is starting.')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(actions).toEqual([{ action: 'start' }]);
  });

  it('shows the server message when an action is refused', async () => {
    signIn();
    server.use(
      http.post(apiPath('/hosting/my/actions'), () =>
        fail(409, 'conflict', 'The hosting is busy with another change.'),
      ),
    );
    renderButtons('RUNNING');
    await userEvent.click(screen.getByRole('button', { name: 'Reboot' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Reboot hosting' }));
    expect(await screen.findByText('The hosting is busy with another change.')).toBeInTheDocument();
  });

  it('asks the parent to refresh and to confirm a delete', async () => {
    const onRefresh = vi.fn();
    const onDelete = vi.fn();
    renderButtons('RUNNING', { onRefresh, onDelete });
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onRefresh).toHaveBeenCalledOnce());
    expect(onDelete).toHaveBeenCalledOnce();
  });
});
