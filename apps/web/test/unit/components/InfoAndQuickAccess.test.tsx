import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { InfoCard } from '../../../src/components/hosting/InfoCard';
import { QuickAccess } from '../../../src/components/hosting/QuickAccess';
import { makeHosting } from '../support/factories';
import { renderWithProviders } from '../support/render';

describe('InfoCard', () => {
  it('shows the web URL, SSH command and the VM figures', () => {
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING')} />);
    const card = screen.getByRole('region', { name: 'Details' });
    expect(within(card).getByText('http://alice.hostbay.localhost')).toBeInTheDocument();
    expect(within(card).getByText('ssh -p 22001 alice@hostbay.localhost')).toBeInTheDocument();
    expect(within(card).getByText('hostbay-alice')).toBeInTheDocument();
    expect(within(card).getByText('10.77.0.12')).toBeInTheDocument();
    expect(within(card).getByText('1024 MB')).toBeInTheDocument();
    expect(within(card).getByText('10 GB')).toBeInTheDocument();
    expect(within(card).getByText('vCPUs').nextElementSibling).toHaveTextContent('1');
    expect(within(card).getByText('Created').nextElementSibling?.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2025-03-01T10:00:00.000Z',
    );
  });

  it('says how the machine was made: from a ready template or by booting', () => {
    const { unmount } = renderWithProviders(
      <InfoCard hosting={makeHosting('RUNNING', { creation_path: 'template' })} />,
    );
    expect(screen.getByText('Made').nextElementSibling).toHaveTextContent('In seconds, from a ready template');
    unmount();
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { creation_path: 'boot' })} />);
    expect(screen.getByText('Made').nextElementSibling).toHaveTextContent('By booting the system');
  });

  it('shows a dash while the IP address is not known yet', () => {
    renderWithProviders(<InfoCard hosting={makeHosting('CREATING', { ip_address: null })} />);
    expect(screen.getByText('IP address').nextElementSibling).toHaveTextContent('—');
  });
});

describe('QuickAccess', () => {
  it('opens the site in a new tab', () => {
    renderWithProviders(<QuickAccess hosting={makeHosting('RUNNING')} />);
    const link = screen.getByRole('link', { name: /Open site/ });
    expect(link).toHaveAttribute('href', 'http://alice.hostbay.localhost');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('copies the web address and the SSH command to the clipboard', async () => {
    const user = userEvent.setup();
    renderWithProviders(<QuickAccess hosting={makeHosting('RUNNING')} />);
    await user.click(screen.getByRole('button', { name: 'Copy web address' }));
    expect(await navigator.clipboard.readText()).toBe('http://alice.hostbay.localhost');
    expect(await screen.findByText('Web address copied.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy SSH command' }));
    expect(await navigator.clipboard.readText()).toBe('ssh -p 22001 alice@hostbay.localhost');
    expect(await screen.findByText('SSH command copied.')).toBeInTheDocument();
  });

  it('tells the user when copying is refused', async () => {
    const user = userEvent.setup();
    renderWithProviders(<QuickAccess hosting={makeHosting('RUNNING')} />);
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: () => Promise.reject(new Error('denied')),
    });
    await user.click(screen.getByRole('button', { name: 'Copy SSH command' }));
    expect(await screen.findByText(/Could not copy/)).toBeInTheDocument();
  });
});
