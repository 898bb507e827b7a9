import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBadge } from '../../../src/components/hosting/StatusBadge';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { STATUSES } from '../support/factories';
import { renderWithProviders } from '../support/render';

const ENGLISH: Record<string, string> = {
  CREATING: 'Creating',
  RUNNING: 'Running',
  STOPPING: 'Stopping',
  STOPPED: 'Stopped',
  STARTING: 'Starting',
  REBOOTING: 'Rebooting',
  RESTORING: 'Restoring',
  DELETING: 'Deleting',
  DELETED: 'Deleted',
  ERROR: 'Error',
};

describe('StatusBadge', () => {
  it.each(STATUSES)('shows %s in words, with its own colour class', (status) => {
    renderWithProviders(<StatusBadge status={status} />);
    const badge = screen.getByText(ENGLISH[status]!);
    expect(badge).toHaveClass(`badge-${status.toLowerCase()}`);
    // The accessible text names the state, so colour is never the only signal.
    expect(badge).toHaveTextContent(`Status: ${ENGLISH[status]}`);
  });

  it.each(STATUSES)('spins for %s only while a job moves the hosting', (status) => {
    renderWithProviders(<StatusBadge status={status} />);
    const spinning = screen.getByText(ENGLISH[status]!).querySelector('.spinner') !== null;
    expect(spinning).toBe(['CREATING', 'STARTING', 'STOPPING', 'REBOOTING', 'RESTORING', 'DELETING'].includes(status));
  });

  it('speaks Korean when the language is Korean', () => {
    useSettingsStore.setState({ language: 'ko' });
    renderWithProviders(<StatusBadge status="RUNNING" />);
    expect(screen.getByText('실행 중')).toBeInTheDocument();
  });

  it('says a reboot is under way, in both languages', () => {
    const { unmount } = renderWithProviders(<StatusBadge status="REBOOTING" />);
    expect(screen.getByText('Rebooting')).toHaveTextContent('Status: Rebooting');
    unmount();
    useSettingsStore.setState({ language: 'ko' });
    renderWithProviders(<StatusBadge status="REBOOTING" />);
    expect(screen.getByText('재부팅 중')).toBeInTheDocument();
  });

  it('tells a machine that stopped by itself from one its owner stopped, in both languages', () => {
    const { unmount } = renderWithProviders(<StatusBadge status="STOPPED" stopCause="unexpected" />);
    const badge = screen.getByText('Stopped unexpectedly');
    expect(badge).toHaveTextContent('Status: Stopped unexpectedly');
    expect(badge).toHaveClass('badge-stopped-unexpectedly');
    unmount();
    renderWithProviders(<StatusBadge status="STOPPED" stopCause="member" />);
    expect(screen.getByText('Stopped')).toHaveClass('badge-stopped');
    useSettingsStore.setState({ language: 'ko' });
    renderWithProviders(<StatusBadge status="STOPPED" stopCause="unexpected" />);
    expect(screen.getByText('예기치 않게 멈춤')).toBeInTheDocument();
  });
});
