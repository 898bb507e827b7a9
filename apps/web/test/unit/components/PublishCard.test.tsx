import type { Hosting } from '@hostbay/contract/hosting';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

/** The hosting page as a member sees it; the card loads lazily, after the first screen. */
async function renderPage(hosting: Hosting = makeHosting('RUNNING')) {
  server.use(http.get(apiPath('/hosting/my'), () => ok(hosting)));
  signIn();
  renderWithProviders(<HostingManager />);
  return screen.findByRole('region', { name: 'Publish your site' });
}

describe('the Publish your site card', () => {
  it('gives the exact commands of this hosting for Linux and macOS, each copied with one click', async () => {
    const user = userEvent.setup();
    const card = await renderPage();
    expect(within(card).getByText('scp -P 22001 -r ./site/* alice@hostbay.localhost:/var/www/html/')).toBeVisible();
    expect(within(card).getByText('sftp -P 22001 alice@hostbay.localhost:/var/www/html/')).toBeVisible();
    expect(
      within(card).getByText('rsync -av -e "ssh -p 22001" ./site/ alice@hostbay.localhost:/var/www/html/'),
    ).toBeVisible();

    await user.click(within(card).getByRole('button', { name: 'Copy the scp command' }));
    expect(await navigator.clipboard.readText()).toBe(
      'scp -P 22001 -r ./site/* alice@hostbay.localhost:/var/www/html/',
    );
    await user.click(within(card).getByRole('button', { name: 'Copy the rsync command' }));
    expect(await navigator.clipboard.readText()).toBe(
      'rsync -av -e "ssh -p 22001" ./site/ alice@hostbay.localhost:/var/www/html/',
    );
  });

  it('switches to Windows: OpenSSH built in, its own scp form, and no rsync to promise', async () => {
    const user = userEvent.setup();
    const card = await renderPage();
    await user.click(within(card).getByRole('radio', { name: 'Windows' }));
    expect(within(card).getByText(/built into Windows 10 and 11/)).toBeInTheDocument();
    const scp = within(card).getByRole('button', { name: 'Copy the scp command' });
    await user.click(scp);
    // Windows' scp expands the `*` itself, with the path in Windows' own form.
    const windowsScp = 'scp -P 22001 -r .\\site\\* alice@hostbay.localhost:/var/www/html/';
    expect(await navigator.clipboard.readText()).toBe(windowsScp);
    expect(within(card).getByText(windowsScp)).toBeInTheDocument();
    expect(within(card).getByText('sftp -P 22001 alice@hostbay.localhost:/var/www/html/')).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Copy the rsync command' })).not.toBeInTheDocument();
    expect(within(card).getByText(/rsync does not come with Windows/)).toBeInTheDocument();
  });

  it('walks a first page through in three steps, ending at the site’s own address', async () => {
    const card = await renderPage(makeHosting('RUNNING', { ssh_auth: 'password' }));
    const steps = within(card).getAllByRole('listitem');
    expect(steps[0]).toHaveTextContent('make a folder named site with a file index.html');
    expect(steps[1]).toHaveTextContent('Type your SSH password when it asks.');
    expect(
      within(steps[2] as HTMLElement).getByRole('link', { name: 'http://alice.hostbay.localhost' }),
    ).toHaveAttribute('href', 'http://alice.hostbay.localhost');
  });

  it('says what an SFTP app needs: protocol, host, port, user, and the password or the key', async () => {
    const card = await renderPage(makeHosting('RUNNING', { ssh_auth: 'password' }));
    const value = (label: string) => within(card).getByText(label, { selector: 'dt' }).nextElementSibling;
    expect(value('Protocol')).toHaveTextContent('SFTP');
    expect(value('Host')).toHaveTextContent('hostbay.localhost');
    expect(value('Port')).toHaveTextContent('22001');
    expect(value('User')).toHaveTextContent('alice');
    expect(value('Password')).toHaveTextContent('Your SSH password');
    expect(within(card).queryByText('Key file')).not.toBeInTheDocument();
  });

  it('points a key-only hosting’s app at the private key file instead of a password', async () => {
    const card = await renderPage(makeHosting('RUNNING', { ssh_auth: 'key' }));
    expect(within(card).getByText('Key file', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      'the file without .pub',
    );
    expect(within(card).queryByText('Password', { selector: 'dt' })).not.toBeInTheDocument();
  });

  it('speaks Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))));
    signIn();
    renderWithProviders(<HostingManager />);
    const card = await screen.findByRole('region', { name: '사이트 게시하기' });
    expect(within(card).getByText('5분 만에 첫 페이지 만들기')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'scp 명령 복사' })).toBeInTheDocument();
  });

  it('is not shown before the machine has its SSH port', async () => {
    server.use(
      http.get(apiPath('/hosting/my'), () => ok(makeHosting('CREATING', { ssh_port: null, ssh_command: '' }))),
    );
    signIn();
    renderWithProviders(<HostingManager />);
    // The domains card loads lazily too: once it is there, the publish card has had its chance to appear.
    expect(await screen.findByRole('region', { name: 'Your own domains' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Publish your site' })).not.toBeInTheDocument();
  });
});
