import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEndReason } from '@hostbay/contract/console';
import { MachineConsoleService } from '../../../src/modules/machine-console/machine-console.service.js';
import {
  SerialLineUnavailableError,
  type SerialLine,
  type SerialLines,
} from '../../../src/modules/machine-console/machine-console.ports.js';
import type { HostingRecord } from '../../../src/modules/hosting/hosting.types.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import type { GuestAgent, GuestCommandResult } from '../../../src/modules/vm/vm.ports.js';

const HOSTING_ID = '3f0e2a7c-8d5b-4c1e-9a6f-2b7d4e8c1a90';

/** A serial line in memory: what the console writes, and whether it was let go. */
class MemoryLine implements SerialLine {
  written = '';
  closed = false;
  #data: ((chunk: Buffer) => void)[] = [];
  #close: (() => void)[] = [];
  onData(listener: (chunk: Buffer) => void) {
    this.#data.push(listener);
  }
  onClose(listener: () => void) {
    this.#close.push(listener);
  }
  write(data: string) {
    this.written += data;
  }
  guestWrites(text: string) {
    for (const listener of this.#data) listener(Buffer.from(text));
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.#close) listener();
  }
}

class MemoryLines implements SerialLines {
  readonly lines: MemoryLine[] = [];
  listening = true;
  async connect(socketPath: string) {
    if (!this.listening) throw new SerialLineUnavailableError(socketPath, new Error('ENOENT'));
    const line = new MemoryLine();
    this.lines.push(line);
    return line;
  }
}

class RecordingAgent implements GuestAgent {
  answers = true;
  readonly runs: { argv: readonly string[]; stdin: string | undefined }[] = [];
  async ping() {
    return this.answers;
  }
  async run(_domain: string, argv: readonly [string, ...string[]], options: { stdin?: string }) {
    this.runs.push({ argv, stdin: options.stdin });
    return { exitCode: 0, stdout: '', stderr: '' } satisfies GuestCommandResult;
  }
  async syncClock() {}
  async freeze() {
    return 0;
  }
  async thaw() {}
}

function sinkFor() {
  const sink = {
    ready: 0,
    output: '',
    ended: undefined as ConsoleEndReason | undefined,
  };
  return {
    sink,
    port: {
      ready: () => (sink.ready += 1),
      output: (chunk: Buffer) => (sink.output += chunk.toString()),
      end: (reason: ConsoleEndReason) => (sink.ended = reason),
    },
  };
}

describe('members’ browser consoles', () => {
  let user: UserRecord;
  let hosting: HostingRecord;
  let lines: MemoryLines;
  let agent: RecordingAgent;
  let listeners: (() => void)[];
  let consoles: MachineConsoleService;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-28T12:00:00Z') });
    user = { id: 'u1', username: 'mina', tokenVersion: 1, status: 'active' } as UserRecord;
    hosting = { id: HOSTING_ID, userId: 'u1', username: 'mina', status: 'RUNNING' } as HostingRecord;
    lines = new MemoryLines();
    agent = new RecordingAgent();
    listeners = [];
    consoles = new MachineConsoleService({
      hostings: {
        findActiveByUser: async (userId) =>
          userId === hosting.userId && hosting.status !== 'DELETED' ? hosting : undefined,
        findById: async (id) => (id === hosting.id ? hosting : undefined),
      },
      socketOf: (id) => `/run/hostbay/test/consoles/${id}.sock`,
      lines,
      agent,
      activeUser: async (id) => (id === user.id && user.status === 'active' ? user : undefined),
      events: {
        subscribe: (_userId, listener) => {
          listeners.push(listener);
          return () => listeners.splice(listeners.indexOf(listener), 1);
        },
      },
      log: { warn: () => undefined },
    });
  });
  afterEach(() => vi.useRealTimers());

  const sessionEnds = () => Date.now() + 3_600_000;
  const ticketOf = async () =>
    new URL((await consoles.issueTicket(user, sessionEnds())).socket_path, 'http://h').searchParams.get('ticket')!;

  it('joins the line to the socket: output, input, and an Enter so that a prompt shows at once', async () => {
    const session = await consoles.connect(await ticketOf());
    const { sink, port } = sinkFor();
    session.attach(port);
    expect(sink.ready).toBe(1);
    expect(lines.lines[0]!.written).toBe('\r');
    lines.lines[0]!.guestWrites('hostbay login: ');
    session.input('mina\r');
    expect(sink.output).toBe('hostbay login: ');
    expect(lines.lines[0]!.written).toBe('\rmina\r');
  });

  it('a ticket works once, and not after its seconds are up', async () => {
    const ticket = await ticketOf();
    await consoles.connect(ticket);
    await expect(consoles.connect(ticket)).rejects.toMatchObject({ code: 'console_ticket_invalid' });

    const late = await ticketOf();
    vi.advanceTimersByTime(20_001);
    await expect(consoles.connect(late)).rejects.toMatchObject({ code: 'console_ticket_invalid' });
  });

  it('a ticket given before a password change (a new token version) opens nothing', async () => {
    const ticket = await ticketOf();
    user = { ...user, tokenVersion: 2 };
    await expect(consoles.connect(ticket)).rejects.toMatchObject({ code: 'console_ticket_invalid' });
  });

  it('ends at the login’s expiry, to the second', async () => {
    const { ticket } = await consoles.issueTicket(user, Date.now() + 60_000);
    const session = await consoles.connect(ticket);
    const { sink, port } = sinkFor();
    session.attach(port);
    vi.advanceTimersByTime(59_000);
    expect(sink.ended).toBeUndefined();
    vi.advanceTimersByTime(1000);
    expect(sink.ended).toBe('session_expired');
    expect(lines.lines[0]!.closed).toBe(true);
  });

  it('ends when the account may no longer use Hostbay (suspended) or its login was ended by a new password', async () => {
    const first = await consoles.connect(await ticketOf());
    const one = sinkFor();
    first.attach(one.port);
    user = { ...user, status: 'suspended' } as UserRecord;
    await vi.advanceTimersByTimeAsync(5000);
    expect(one.sink.ended).toBe('account_unavailable');

    user = { ...user, status: 'active' } as UserRecord;
    const second = await consoles.connect(await ticketOf());
    const two = sinkFor();
    second.attach(two.port);
    user = { ...user, tokenVersion: 2 };
    await vi.advanceTimersByTimeAsync(5000);
    expect(two.sink.ended).toBe('account_unavailable');
  });

  it('ends as soon as the hosting is no longer a running machine (an event, not the next check)', async () => {
    const session = await consoles.connect(await ticketOf());
    const { sink, port } = sinkFor();
    session.attach(port);
    hosting = { ...hosting, status: 'DELETING' };
    for (const listener of listeners) listener();
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.ended).toBe('hosting_unavailable');
  });

  it('refuses a machine that is not running, one without a socket, and a line nobody listens on', async () => {
    hosting = { ...hosting, status: 'STOPPED' };
    await expect(consoles.issueTicket(user, sessionEnds())).rejects.toMatchObject({ code: 'console_unavailable' });
    hosting = { ...hosting, status: 'RUNNING' };
    lines.listening = false;
    await expect(consoles.connect(await ticketOf())).rejects.toMatchObject({ code: 'console_unavailable' });
  });

  it('passes only the latest of many sizes on while one is applied', async () => {
    const session = await consoles.connect(await ticketOf());
    session.attach(sinkFor().port);
    session.resize({ cols: 80, rows: 24 });
    session.resize({ cols: 90, rows: 30 });
    session.resize({ cols: 132, rows: 43 });
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.runs.map((run) => run.argv.join(' '))).toEqual([
      '/usr/bin/stty -F /dev/ttyS0 rows 24 cols 80',
      '/usr/bin/stty -F /dev/ttyS0 rows 43 cols 132',
    ]);
  });

  it('sets the console password through the guest agent’s chpasswd, never a command line', async () => {
    await consoles.setPassword(user, 'a "quoted" pass; rm -rf /');
    expect(agent.runs).toEqual([{ argv: ['/usr/sbin/chpasswd'], stdin: 'mina:a "quoted" pass; rm -rf /\n' }]);
    agent.answers = false;
    await expect(consoles.setPassword(user, 'another password')).rejects.toMatchObject({
      code: 'guest_agent_unavailable',
    });
  });
});
