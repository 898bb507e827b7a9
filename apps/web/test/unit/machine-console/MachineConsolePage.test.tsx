import type { ConsoleEndReason, ConsoleTicket } from '@hostbay/contract/console';
import type { Hosting } from '@hostbay/contract/hosting';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, ws, type WebSocketHandlerConnection } from 'msw';
import { describe, expect, it } from 'vitest';
import { useAuthStore } from '../../../src/stores/authStore';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting, makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

// Generous waits (this file only): the page, xterm.js and the page's texts load lazily.
configure({ asyncUtilTimeout: 5000 });

const SOCKET_PATH = '/api/v1/hosting/my/console/socket';
const consoleSocket = ws.link(`*${SOCKET_PATH}`);

/** One console the page opened, as the server sees it. */
interface Connection {
  url: URL;
  /** The JSON the page sent, parsed. */
  received: unknown[];
  closed: boolean;
  client: WebSocketHandlerConnection['client'];
}

/**
 * The API for the console page: the hosting, tickets `t1`, `t2`… and the socket, which says `ready` at once
 * unless told not to. Returns the connections, in order, and the tickets asked for.
 */
function serveConsole(options: { hosting?: Hosting; ready?: boolean } = {}) {
  const connections: Connection[] = [];
  const tickets = { count: 0 };
  server.use(
    http.get(apiPath('/auth/me'), () => ok(makeUser())),
    http.get(apiPath('/hosting/my'), () => ok(options.hosting ?? makeHosting('RUNNING'))),
    http.post(apiPath('/hosting/my/console/ticket'), () => {
      tickets.count += 1;
      const ticket: ConsoleTicket = {
        ticket: `t${tickets.count}`,
        socket_path: `${SOCKET_PATH}?ticket=t${tickets.count}`,
        expires_at: new Date(Date.now() + 10_000).toISOString(),
        login: 'alice',
      };
      return ok(ticket);
    }),
    consoleSocket.addEventListener('connection', ({ client }) => {
      const connection: Connection = { url: client.url, received: [], closed: false, client };
      connections.push(connection);
      client.addEventListener('message', (event) => connection.received.push(JSON.parse(String(event.data))));
      client.addEventListener('close', () => {
        connection.closed = true;
      });
      if (options.ready !== false) client.send(JSON.stringify({ type: 'ready' }));
    }),
  );
  return { connections, tickets };
}

/** Bytes as the serial line sends them: a binary frame. */
const output = (text: string) => new TextEncoder().encode(text).buffer;

/** What the terminal shows: xterm's DOM renderer rows, as the browser test reads them. */
const screenText = () => screen.getByTestId('console-terminal').querySelector('.xterm-rows')?.textContent ?? '';

async function openConsole() {
  signIn();
  const result = renderApp('/hosting/console');
  await screen.findByText('Connected');
  return result;
}

const nth = (connections: Connection[], index: number) => {
  const connection = connections[index];
  if (!connection) throw new Error(`no connection #${index + 1}`);
  return connection;
};

describe('machine console page', () => {
  it('opens the socket at the ticket’s path, says whom to log in as, and shows what the guest writes', async () => {
    const { connections } = serveConsole();
    await openConsole();
    const connection = nth(connections, 0);
    expect(connection.url.pathname).toBe(SOCKET_PATH);
    expect(connection.url.searchParams.get('ticket')).toBe('t1');
    expect(connection.url.protocol).toBe('ws:');
    expect(screen.getByText('Log in as alice with your machine’s password.')).toBeInTheDocument();
    expect(screen.getByText(/works even when the machine’s network settings are broken/)).toBeInTheDocument();

    act(() => connection.client.send(output('Ubuntu 24.04 LTS hb-alice ttyS0\r\n\r\nhb-alice login: ')));
    await waitFor(() => expect(screenText()).toContain('Ubuntu 24.04 LTS hb-alice ttyS0'));
    expect(screenText()).toContain('hb-alice login:');
    // UTF-8 split across two frames is still one character.
    const bytes = new TextEncoder().encode('안녕');
    act(() => connection.client.send(bytes.slice(0, 2).buffer));
    act(() => connection.client.send(bytes.slice(2).buffer));
    await waitFor(() => expect(screenText()).toContain('안녕'));
  });

  it('sends the terminal’s size once connected, what is typed, and the keys a phone lacks', async () => {
    const { connections } = serveConsole();
    await openConsole();
    const connection = nth(connections, 0);
    await waitFor(() => expect(connection.received).toContainEqual({ type: 'resize', cols: 80, rows: 24 }));

    const user = userEvent.setup();
    const terminal = screen.getByRole('group', { name: 'Console of hostbay-alice' });
    await user.click(within(terminal).getByRole('textbox', { name: 'Terminal input' }));
    await user.keyboard('ls{Enter}');
    await waitFor(() =>
      expect(connection.received.filter((message) => (message as { type: string }).type === 'input')).toEqual([
        { type: 'input', data: 'l' },
        { type: 'input', data: 's' },
        { type: 'input', data: '\r' },
      ]),
    );

    const keys = screen.getByRole('group', { name: 'Extra keys' });
    const sequences: [string, string][] = [
      ['Escape', '\x1b'],
      ['Tab', '\t'],
      ['Control C (stop the running program)', '\x03'],
      ['Control D (end of input, log out)', '\x04'],
      ['Up arrow', '\x1b[A'],
      ['Down arrow', '\x1b[B'],
      ['Right arrow', '\x1b[C'],
      ['Left arrow', '\x1b[D'],
    ];
    for (const [name] of sequences) await user.click(within(keys).getByRole('button', { name }));
    await waitFor(() =>
      expect(connection.received.slice(-sequences.length)).toEqual(
        sequences.map(([, data]) => ({ type: 'input', data })),
      ),
    );
  });

  it.each([
    [
      'en',
      'Connect again',
      {
        taken_over:
          'The console was opened in another window or tab, which took it over: a hosting has one console at a time.',
        session_expired: 'Your login to Hostbay has expired. Log in again to use the console.',
        account_unavailable:
          'Your account may no longer use the console (its password changed, or it was suspended or deleted).',
        hosting_unavailable: 'Your machine stopped, or is no longer available.',
        console_failed: 'The console failed on the server. Connect again to try once more.',
        server_stopping: 'Hostbay is restarting. Connect again in a moment.',
      },
    ],
    [
      'ko',
      '다시 연결',
      {
        taken_over: '다른 창이나 탭에서 콘솔을 열어 그쪽으로 넘어갔습니다. 호스팅마다 콘솔은 한 번에 하나만 열립니다.',
        session_expired: 'Hostbay 로그인이 만료되었습니다. 콘솔을 쓰려면 다시 로그인하세요.',
        account_unavailable: '이 계정은 더 이상 콘솔을 쓸 수 없습니다(비밀번호가 바뀌었거나, 계정이 정지 또는 삭제됨).',
        hosting_unavailable: '머신이 멈췄거나 더 이상 쓸 수 없습니다.',
        console_failed: '서버에서 콘솔에 문제가 생겼습니다. 다시 연결해 보세요.',
        server_stopping: 'Hostbay가 다시 시작하고 있습니다. 잠시 뒤 다시 연결하세요.',
      },
    ],
  ] as const)(
    'says in %s why the server ended the console, and connects again with a new ticket',
    async (language, connectAgain, words: Record<ConsoleEndReason, string>) => {
      useSettingsStore.setState({ language });
      const { connections, tickets } = serveConsole();
      signIn();
      renderApp('/hosting/console');
      const user = userEvent.setup();
      const reasons = Object.keys(words) as ConsoleEndReason[];
      for (const [index, reason] of reasons.entries()) {
        await waitFor(() => expect(connections).toHaveLength(index + 1));
        const connection = nth(connections, index);
        act(() => connection.client.send(JSON.stringify({ type: 'end', reason })));
        expect(await screen.findByRole('alert')).toHaveTextContent(words[reason]);
        // The server closes the socket right after: the reason stays said.
        act(() => connection.client.close());
        await waitFor(() => expect(connection.closed).toBe(true));
        expect(screen.getByRole('alert')).toHaveTextContent(words[reason]);
        await user.click(screen.getByRole('button', { name: connectAgain }));
      }
      await waitFor(() => expect(connections).toHaveLength(reasons.length + 1));
      expect(tickets.count).toBe(reasons.length + 1);
      expect(nth(connections, reasons.length).url.searchParams.get('ticket')).toBe(`t${reasons.length + 1}`);
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    },
    20_000,
  );

  it('says "Disconnected" when the socket closes without a word, and connects again', async () => {
    const { connections } = serveConsole();
    await openConsole();
    act(() => nth(connections, 0).client.close());
    expect(await screen.findByRole('alert')).toHaveTextContent('Disconnected: the connection to the server was lost.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Connect again' }));
    expect(await screen.findByText('Connected')).toBeInTheDocument();
    expect(connections).toHaveLength(2);
  });

  it('says why the server refused the socket (a used ticket), and connects again with a new one', async () => {
    const { connections, tickets } = serveConsole({ ready: false });
    signIn();
    renderApp('/hosting/console');
    await waitFor(() => expect(connections).toHaveLength(1));
    act(() =>
      nth(connections, 0).client.send(
        JSON.stringify({ type: 'refused', code: 'console_ticket_invalid', message: 'This console link has expired.' }),
      ),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The console’s ticket was no longer valid. Connect again.',
    );
    // The server closes the socket right after: the refusal stays said.
    act(() => nth(connections, 0).client.close(1008));
    await waitFor(() => expect(nth(connections, 0).closed).toBe(true));
    expect(screen.getByRole('alert')).toHaveTextContent('The console’s ticket was no longer valid.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Connect again' }));
    await waitFor(() => expect(connections).toHaveLength(2));
    expect(tickets.count).toBe(2);
  });

  it('closes the socket when the member leaves the page, and when they log out', async () => {
    const { connections } = serveConsole();
    const { router } = await openConsole();
    await act(() => router.navigate('/hosting'));
    await waitFor(() => expect(nth(connections, 0).closed).toBe(true));

    await act(() => router.navigate('/hosting/console'));
    await screen.findByText('Connected');
    act(() => useAuthStore.getState().logout());
    await waitFor(() => expect(nth(connections, 1).closed).toBe(true));
  });

  it('says in words why no console could be opened', async () => {
    serveConsole();
    server.use(
      http.post(apiPath('/hosting/my/console/ticket'), () =>
        fail(409, 'console_unavailable', 'The console is not available for this machine.'),
      ),
    );
    signIn();
    renderApp('/hosting/console');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The console could not be opened: The console cannot be opened now: the machine is not running, or it was made before Hostbay had consoles (ask your operator).',
    );
  });

  it('opens no console while the machine is not running: says why and links back', async () => {
    const { tickets } = serveConsole({ hosting: makeHosting('STOPPED') });
    signIn();
    renderApp('/hosting/console');
    expect(
      await screen.findByText(
        'The console needs a running machine, and yours is now: Stopped. Start it on the hosting page, then come back.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to your hosting' })).toHaveAttribute('href', '/hosting');
    expect(screen.queryByTestId('console-terminal')).not.toBeInTheDocument();
    expect(tickets.count).toBe(0);
  });
});
