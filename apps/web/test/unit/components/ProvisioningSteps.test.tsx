import type { StepState } from '@hostbay/contract/hosting';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostingFailure } from '../../../src/components/hosting/HostingFailure';
import { LiveIndicator } from '../../../src/components/hosting/LiveIndicator';
import { ProvisioningSteps } from '../../../src/components/hosting/ProvisioningSteps';
import { ApiError } from '../../../src/api/errors';
import { i18n } from '../../../src/i18n/i18n';
import { makeSteps } from '../support/factories';
import { renderWithProviders } from '../support/render';

const STATE_TEXT: Record<StepState, string> = {
  pending: 'Waiting',
  running: 'In progress',
  done: 'Done',
  failed: 'Failed',
  undoing: 'Undoing',
  undone: 'Undone',
};

function stepItem(name: string) {
  return screen.getByText(name).closest('li')!;
}

describe('ProvisioningSteps', () => {
  afterEach(() => vi.useRealTimers());

  it('lists every step in order with its state in words', () => {
    renderWithProviders(<ProvisioningSteps steps={makeSteps(5)} />);
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items.map((item) => item.dataset.step)).toEqual([
      'allocate',
      'write_seed',
      'clone_disk',
      'define_vm',
      'start_vm',
      'wait_guest',
      'add_proxy',
      'probe_site',
    ]);
    expect(stepItem('Reserve address and ports')).toHaveTextContent('Done');
    expect(stepItem('Wait for the system to boot')).toHaveTextContent('In progress');
    expect(stepItem('Check that the site answers')).toHaveTextContent('Waiting');
  });

  it.each(Object.entries(STATE_TEXT))('shows the %s state as "%s"', (state, text) => {
    renderWithProviders(<ProvisioningSteps steps={makeSteps(2, state as StepState)} />);
    expect(stepItem('Create the disk')).toHaveTextContent(text);
    expect(stepItem('Create the disk')).toHaveClass(`step-${state}`);
  });

  it('shows how long finished steps took and counts up the running one', () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    // makeSteps(5): step 6 (wait_guest) started at T0+50 s.
    vi.setSystemTime(new Date('2025-03-01T10:01:12.000Z'));
    renderWithProviders(<ProvisioningSteps steps={makeSteps(5)} />);
    expect(stepItem('Create the disk')).toHaveTextContent('10 s');
    expect(stepItem('Wait for the system to boot')).toHaveTextContent('22 s');
    expect(stepItem('Check that the site answers')).not.toHaveTextContent(/\d+ s/);
  });

  it('writes minutes for long steps', () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2025-03-01T10:03:55.000Z'));
    renderWithProviders(<ProvisioningSteps steps={makeSteps(5)} />);
    expect(stepItem('Wait for the system to boot')).toHaveTextContent('3 min 5 s');
  });
});

/** The steps of a job, as the hosting shows the latest one's. */
const stepsOf = (...names: string[]) =>
  names.map((name) => ({ name, state: 'done' as const, started_at: null, finished_at: null }));
const CREATION = stepsOf('allocate', 'write_seed', 'clone_disk', 'define_vm', 'start_vm', 'wait_guest');

describe('HostingFailure', () => {
  it('names the failed step and says what failed in the reader’s words', () => {
    renderWithProviders(
      <HostingFailure
        error={{ step: 'wait_guest', message: 'The guest did not answer within 300 s.', retry_safe: true }}
        steps={CREATION}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Creating your hosting failed');
    expect(alert).toHaveTextContent('Failed step: Wait for the system to boot');
    expect(alert).toHaveTextContent('The machine did not answer on its web and SSH ports in time.');
    expect(alert).toHaveTextContent('Delete this hosting and create it again.');
  });

  it('says it in Korean to a Korean reader', async () => {
    await i18n.changeLanguage('ko');
    try {
      renderWithProviders(
        <HostingFailure error={{ step: 'clone_disk', message: 'English text', retry_safe: true }} steps={CREATION} />,
      );
      expect(screen.getByRole('alert')).toHaveTextContent('머신의 디스크를 만들지 못했습니다.');
      expect(screen.getByRole('alert')).not.toHaveTextContent('English text');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('copes with an unknown step, no step, and an unsafe retry', () => {
    renderWithProviders(
      <HostingFailure error={{ step: 'mystery', message: 'boom', retry_safe: false }} steps={CREATION} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Failed step: mystery');
    expect(screen.getByRole('alert')).toHaveTextContent('boom');
    expect(screen.getByRole('alert')).toHaveTextContent('contact support');
    renderWithProviders(<HostingFailure error={null} steps={[]} />);
    expect(screen.getAllByRole('alert')[1]).toHaveTextContent('Failed step: unknown');
  });

  it('says a failed restore is a restore, and that the files are still there', () => {
    renderWithProviders(
      <HostingFailure
        error={{ step: 'restore_disk', message: 'The disk could not be put back.', retry_safe: true }}
        steps={stepsOf('stop_vm', 'restore_disk', 'start_vm', 'wait_guest')}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Restoring your hosting failed');
    expect(alert).toHaveTextContent('Your files are still there.');
    expect(alert).not.toHaveTextContent('create it again');
  });
});

describe('LiveIndicator', () => {
  const at = Date.parse('2025-03-01T10:00:00.000Z');

  it.each([
    ['stream', false, 'Live updates'],
    ['polling', 3000, 'Checking every 3 s'],
    ['polling', 10000, 'Checking every 10 s'],
    ['paused', false, 'Updates paused while this tab is hidden'],
    ['idle', false, 'Not updating automatically'],
  ] as const)('in %s mode (%s) says "%s" and the last update time', (mode, interval, text) => {
    renderWithProviders(<LiveIndicator mode={mode} interval={interval} lastUpdated={at} updateError={null} />);
    expect(screen.getByText(text, { exact: false })).toBeInTheDocument();
    expect(screen.getByText(/Last update:/)).toBeInTheDocument();
  });

  it('tells the user when updates fail', () => {
    const error = new ApiError('Bad gateway', { status: 502, code: 'http_502' });
    renderWithProviders(<LiveIndicator mode="polling" interval={3000} lastUpdated={at} updateError={error} />);
    expect(screen.getByRole('status')).toHaveTextContent('Updates failed (Bad gateway). Retrying automatically…');
  });
});
