import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { InfoCard } from '../../../src/components/hosting/InfoCard';
import { QuickAccess } from '../../../src/components/hosting/QuickAccess';
import { useSettingsStore } from '../../../src/stores/settingsStore';
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

  it('says the site is on plain HTTP when the operator has not turned HTTPS on', () => {
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING')} />);
    const row = screen.getByText('HTTPS').nextElementSibling;
    expect(row).toHaveTextContent('Plain HTTP');
    expect(row).toHaveTextContent('The operator of this Hostbay has not turned on HTTPS');
  });

  it('says a valid certificate renews by itself and until when it is valid', () => {
    const https = {
      state: 'valid',
      expires_at: '2027-02-26T08:06:00.000Z',
      next_attempt_at: null,
      problem: null,
    } as const;
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { https })} />);
    const row = screen.getByText('HTTPS').nextElementSibling as HTMLElement;
    expect(within(row).getByText('Secure (HTTPS)')).toBeInTheDocument();
    expect(within(row).getByText('The certificate renews automatically.')).toBeInTheDocument();
    expect(within(row).getByText(/^Valid until .*2027.*\.$/)).toBeInTheDocument();
    expect(within(row).queryByText(/renewal failed/)).not.toBeInTheDocument();
  });

  it('says when a renewal failed that the current certificate still serves, why, and the next try', () => {
    const https = {
      state: 'valid',
      expires_at: '2027-02-26T08:06:00.000Z',
      next_attempt_at: '2027-02-01T09:00:00.000Z',
      problem: 'acme_unreachable',
    } as const;
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { https })} />);
    const row = screen.getByText('HTTPS').nextElementSibling as HTMLElement;
    expect(within(row).getByText('Secure (HTTPS)')).toBeInTheDocument();
    expect(
      within(row).getByText('The last renewal failed; the current certificate still serves the site.'),
    ).toBeInTheDocument();
    expect(within(row).getByText('Why: the certificate authority did not answer.')).toBeInTheDocument();
    expect(within(row).getByText(/^Next try: .*2027.*\.$/)).toBeInTheDocument();
  });

  it('says a certificate held back by the rate limit waits, and until when', () => {
    const https = {
      state: 'waiting',
      expires_at: null,
      next_attempt_at: '2027-03-04T12:00:00.000Z',
      problem: 'rate_limited',
    } as const;
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { https })} />);
    const row = screen.getByText('HTTPS').nextElementSibling as HTMLElement;
    expect(within(row).getByText('Waiting for a certificate')).toBeInTheDocument();
    expect(within(row).getByText(/limits how many certificates it issues each week/)).toBeInTheDocument();
    expect(within(row).getByText(/^Next try: .*2027.*\.$/)).toBeInTheDocument();
  });

  it('says a failed certificate leaves the site on plain HTTP, why, and the next try, in English and Korean', () => {
    const https = {
      state: 'failed',
      expires_at: null,
      next_attempt_at: '2027-03-04T12:00:00.000Z',
      problem: 'challenge_failed',
    } as const;
    const { unmount } = renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { https })} />);
    let row = screen.getByText('HTTPS').nextElementSibling as HTMLElement;
    expect(within(row).getByText('No certificate yet')).toBeInTheDocument();
    expect(within(row).getByText('The site still works over plain http://.')).toBeInTheDocument();
    expect(within(row).getByText(/^Why: the certificate authority could not reach the site/)).toBeInTheDocument();
    expect(within(row).getByText(/^Next try: /)).toBeInTheDocument();
    unmount();

    useSettingsStore.setState({ language: 'ko' });
    renderWithProviders(<InfoCard hosting={makeHosting('RUNNING', { https })} />);
    row = screen.getByText('HTTPS').nextElementSibling as HTMLElement;
    expect(within(row).getByText('아직 인증서가 없습니다')).toBeInTheDocument();
    expect(within(row).getByText('사이트는 http://로 계속 동작합니다.')).toBeInTheDocument();
    expect(within(row).getByText(/^이유: 인증 기관이 이 이름으로 사이트에 접속하지 못했습니다/)).toBeInTheDocument();
    expect(within(row).getByText(/^다음 시도: .*2027/)).toBeInTheDocument();
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
