import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

const REBOOT_STEPS = [
  { name: 'reboot_vm', state: 'done', started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T00:00:02.000Z' },
  { name: 'wait_guest', state: 'running', started_at: '2026-01-01T00:00:02.000Z', finished_at: null },
] as const;

function renderManager() {
  signIn();
  return renderWithProviders(<HostingManager />);
}

/** Issue 17: the hosting page says what the member's site is doing, and why a machine is off. */
describe('the hosting page’s states', () => {
  it('shows a reboot under way with its steps, and Running once the API says the site answers', async () => {
    let rebooting = true;
    server.use(
      http.get(apiPath('/hosting/my'), () =>
        ok(
          rebooting
            ? makeHosting('REBOOTING', { steps: REBOOT_STEPS.map((step) => ({ ...step })) })
            : makeHosting('RUNNING', { steps: REBOOT_STEPS.map((step) => ({ ...step, state: 'done' as const })) }),
        ),
      ),
    );
    renderManager();

    expect(await screen.findByText('Rebooting')).toHaveClass('badge-rebooting');
    expect(screen.getByText(/Your site is down while the machine restarts/)).toBeInTheDocument();
    const steps = screen.getByRole('heading', { name: 'Rebooting your hosting' }).closest('section')!;
    expect(within(steps).getByText('Restart the virtual machine')).toBeInTheDocument();
    expect(within(steps).getByText('In progress')).toBeInTheDocument();

    rebooting = false;
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.queryByText(/Your site is down while the machine restarts/)).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Rebooting your hosting' })).not.toBeInTheDocument();
  });

  it('says a machine stopped unexpectedly, explains, and starts it at one click', async () => {
    const actions: unknown[] = [];
    server.use(
      http.get(apiPath('/hosting/my'), () => ok(makeHosting('STOPPED', { stop_cause: 'unexpected' }))),
      http.post(apiPath('/hosting/my/actions'), async ({ request }) => {
        actions.push(await request.json());
        return ok(makeHosting('STARTING'), 202);
      }),
    );
    renderManager();

    expect(await screen.findByText('Stopped unexpectedly')).toBeInTheDocument();
    const notice = screen.getByRole('alert');
    expect(within(notice).getByRole('heading', { name: 'Your hosting stopped unexpectedly' })).toBeInTheDocument();
    expect(notice).toHaveTextContent('Your files are still there.');
    const start = screen.getByRole('button', { name: 'Start' });
    expect(start).toHaveClass('btn-primary');

    await userEvent.click(start);
    await waitFor(() => expect(actions).toEqual([{ action: 'start' }]));
  });

  it('says it in Korean when the language is Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('STOPPED', { stop_cause: 'unexpected' }))));
    renderManager();

    expect(await screen.findByText('예기치 않게 멈춤')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '호스팅이 예기치 않게 멈췄습니다' })).toBeInTheDocument();
  });

  it('says an operator stopped it when one did', async () => {
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('STOPPED', { stop_cause: 'operator' }))));
    renderManager();

    expect(await screen.findByRole('heading', { name: 'An operator stopped your hosting' })).toBeInTheDocument();
    expect(screen.getByText('Stopped')).toBeInTheDocument();
  });

  it('shows a stop the member asked for as a plain Stopped, with no warning', async () => {
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('STOPPED', { stop_cause: 'member' }))));
    renderManager();

    expect(await screen.findByText('Stopped')).toHaveClass('badge-stopped');
    expect(screen.queryByText('Stopped unexpectedly')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /stopped/i })).not.toBeInTheDocument();
  });
});
