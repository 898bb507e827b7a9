import type { ConsoleTicket } from '@hostbay/contract/console';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Auth, type Harness } from '../hosting/harness.js';
import { ConsoleClient } from './console-client.js';

/**
 * Members' browser consoles through Hostbay's own nginx edge and the API's
 * WebSocket, over the libvirt test driver: the guest farm listens on each
 * running machine's serial line socket as its QEMU would, with a shell that
 * answers `hostname`. The real line of a real VM is the e2e tier's (scenario A).
 * SQLite only: nothing here depends on the database beyond what the lifecycle suites cover on both.
 */
describe.each(DATABASE_KINDS.filter((kind) => kind.name === 'sqlite').map((kind) => [kind.name, kind] as const))(
  'browser consoles (%s)',
  (_, kind) => {
    let h: Harness;
    let edge: string;
    const open: ConsoleClient[] = [];

    beforeAll(async () => {
      h = await startHarness(kind, {}, 8);
      edge = `ws://127.0.0.1:${h.config.server.port}`;
    });
    afterEach(() => {
      for (const client of open.splice(0)) client.close();
    });
    afterAll(() => h?.close());

    async function runningMember() {
      const member = await h.newUser();
      expect((await h.api('POST', '', member.auth, {})).statusCode).toBe(202);
      const hosting = await h.waitForStatus(member.auth, ['RUNNING']);
      return { member, hosting };
    }

    async function ticket(auth: Auth) {
      const answer = await h.hostbay.app.inject({
        method: 'POST',
        url: '/api/v1/hosting/my/console/ticket',
        headers: auth,
      });
      return { statusCode: answer.statusCode, body: answer.json<{ data: ConsoleTicket; error: { code: string } }>() };
    }

    async function connect(socketPath: string) {
      const client = await ConsoleClient.open(edge, socketPath);
      open.push(client);
      return client;
    }

    it('types `hostname` on the machine’s serial line and reads it back, through the edge', async () => {
      const { member } = await runningMember();
      const given = await ticket(member.auth);
      expect(given.statusCode).toBe(200);
      expect(given.body.data.login).toBe(member.username);
      expect(given.body.data.socket_path).toMatch(/^\/api\/v1\/hosting\/my\/console\/socket\?ticket=[\w-]{40,}$/);
      expect(Date.parse(given.body.data.expires_at) - Date.now()).toBeLessThanOrEqual(20_000);

      const console = await connect(given.body.data.socket_path);
      await expect.poll(() => console.messages[0]).toEqual({ type: 'ready' });
      console.type('hostname\r');
      await console.waitForOutput(`${member.username}-machine`);
      // Resizing the window is accepted (the test driver has no guest agent to pass it to); the line stays open.
      console.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
      console.send('not a message of ours');
      console.type('hostname\r');
      await expect.poll(() => console.output.split(`${member.username}-machine`).length).toBe(3);

      const audited = await h.hostbay.audit.list({ limit: 5, actorId: member.id });
      expect(audited.map((entry) => [entry.action, entry.result])).toContainEqual(['hosting.console_open', 'ok']);
    });

    it('refuses a ticket used twice, an unknown one, and a plain HTTP request', async () => {
      const { member } = await runningMember();
      const { socket_path } = (await ticket(member.auth)).body.data;
      await connect(socket_path);

      const again = await connect(socket_path);
      expect(await again.closed()).toMatchObject({ type: 'refused', code: 'console_ticket_invalid' });
      expect(again.closeCode).toBe(1008);
      const forged = await connect('/api/v1/hosting/my/console/socket?ticket=made-up');
      expect(await forged.closed()).toMatchObject({ type: 'refused', code: 'console_ticket_invalid' });

      const plain = await h.hostbay.app.inject({ method: 'GET', url: socket_path });
      expect(plain.statusCode).toBe(400);
      expect(plain.json()).toMatchObject({ success: false, error: { code: 'bad_request' } });
    });

    it('gives each member their own machine only; a member without a hosting gets none', async () => {
      const alice = await runningMember();
      const bob = await runningMember();
      const bobsConsole = await connect((await ticket(bob.member.auth)).body.data.socket_path);
      bobsConsole.type('hostname\r');
      await bobsConsole.waitForOutput(`${bob.member.username}-machine`);
      expect(bobsConsole.output).not.toContain(alice.member.username);

      const nobody = await h.newUser();
      const refused = await ticket(nobody.auth);
      expect(refused.statusCode).toBe(404);
      expect(refused.body.error.code).toBe('not_found');
      const anonymous = await h.hostbay.app.inject({ method: 'POST', url: '/api/v1/hosting/my/console/ticket' });
      expect(anonymous.statusCode).toBe(401);
    });

    it('one console per machine: a new one takes over and the old one is told', async () => {
      const { member } = await runningMember();
      const first = await connect((await ticket(member.auth)).body.data.socket_path);
      await expect.poll(() => first.messages[0]).toEqual({ type: 'ready' });
      const second = await connect((await ticket(member.auth)).body.data.socket_path);
      expect(await first.closed()).toEqual({ type: 'end', reason: 'taken_over' });
      await expect.poll(() => second.messages[0]).toEqual({ type: 'ready' });
      second.type('hostname\r');
      await second.waitForOutput(`${member.username}-machine`);
    });

    it('ends when the machine stops, is deleted, or its member is suspended; refuses a stopped machine', async () => {
      const stopping = await runningMember();
      const stopped = await connect((await ticket(stopping.member.auth)).body.data.socket_path);
      expect((await h.api('POST', '/my/actions', stopping.member.auth, { action: 'stop' })).statusCode).toBe(202);
      expect(await stopped.closed()).toEqual({ type: 'end', reason: 'hosting_unavailable' });
      await h.waitForStatus(stopping.member.auth, ['STOPPED']);
      const refused = await ticket(stopping.member.auth);
      expect(refused.statusCode).toBe(409);
      expect(refused.body.error.code).toBe('console_unavailable');

      const deleting = await runningMember();
      const deleted = await connect((await ticket(deleting.member.auth)).body.data.socket_path);
      expect((await h.api('DELETE', '/my', deleting.member.auth)).statusCode).toBe(202);
      expect(await deleted.closed()).toEqual({ type: 'end', reason: 'hosting_unavailable' });

      const admin = await h.newUser();
      await h.hostbay.users.setAdmin(admin.id, true);
      const suspending = await runningMember();
      const suspended = await connect((await ticket(suspending.member.auth)).body.data.socket_path);
      const answer = await h.hostbay.app.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${suspending.member.id}/suspend`,
        headers: admin.auth,
        payload: { reason: 'testing consoles' },
      });
      expect(answer.statusCode).toBe(200);
      const last = await suspended.closed();
      expect(['account_unavailable', 'hosting_unavailable']).toContain(last?.type === 'end' ? last.reason : last);
    });

    it('a console password: checked, and refused in words when the machine’s agent does not answer', async () => {
      const { member } = await runningMember();
      const put = (password: string) =>
        h.hostbay.app.inject({
          method: 'PUT',
          url: '/api/v1/hosting/my/console/password',
          headers: member.auth,
          payload: { password },
        });
      const short = await put('short');
      expect(short.statusCode).toBe(422);
      const lineBreak = await put('a password\nroot:x');
      expect(lineBreak.statusCode).toBe(422);
      // The test driver's domains have no guest agent: a machine still booting answers the same way.
      const noAgent = await put('a good long password');
      expect(noAgent.statusCode).toBe(503);
      expect(noAgent.json()).toMatchObject({ error: { code: 'guest_agent_unavailable' } });
      expect(noAgent.body).not.toMatch(/virsh|qemu-agent|\/run\//);
    });
  },
);
