import {
  ConsoleClientMessage,
  ConsolePasswordRequest,
  ConsoleTicket,
  type ConsoleServerMessage,
} from '@hostbay/contract/console';
import { ErrorCode, standardResponse } from '@hostbay/contract/envelope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError, BadRequestError } from '../../errors.js';
import { requireSession, requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import type { MachineConsoleService } from '../../modules/machine-console/machine-console.service.js';
import type { MachineConsoleSession } from '../../modules/machine-console/machine-console-session.js';

export interface MachineConsoleRoutesOptions {
  consoles: MachineConsoleService;
}

const TicketQuery = z.object({ ticket: z.string().min(1).max(200) });
const unavailable = errorResponses([404, 409], {
  404: 'You have no hosting (`not_found`).',
  409: 'The machine is not running, or its console cannot be reached from this Hostbay (`console_unavailable`).',
});

/** Close codes: 1000 the server ended a console it had opened; 1008 it refused to open one. */
const CLOSE_ENDED = 1000;
const CLOSE_REFUSED = 1008;
const PING_INTERVAL_MS = 30_000;

/** A member's browser console: /api/v1/hosting/my/console (registered under /api/v1/hosting/my). */
export const machineConsoleRoutes: FastifyPluginAsyncZod<MachineConsoleRoutesOptions> = async (app, { consoles }) => {
  app.post(
    '/console/ticket',
    {
      config: { access: 'user', audit: 'hosting.console_open' },
      schema: {
        tags: ['console'],
        summary: 'A single-use ticket (valid for seconds) to open your running machine’s console as a WebSocket',
        response: { 200: standardResponse(ConsoleTicket), ...unavailable },
      },
    },
    async (request) => {
      const { user, expiresAt } = requireSession(request);
      return ok(await consoles.issueTicket(user, expiresAt));
    },
  );

  app.route({
    method: 'GET',
    url: '/console/socket',
    config: { access: 'public' },
    schema: {
      tags: ['console'],
      summary:
        'The console itself, as a WebSocket opened with a ticket: the guest’s output in binary frames, JSON text ' +
        'frames for the rest (ConsoleClientMessage, ConsoleServerMessage)',
      querystring: TicketQuery,
      response: errorResponses([400], { 400: 'Asked without a WebSocket upgrade (`bad_request`).' }),
    },
    handler: async () => {
      throw new BadRequestError('This is a WebSocket: open it with a WebSocket client.');
    },
    wsHandler: async (socket: WebSocket, request) => {
      const { ticket } = TicketQuery.parse(request.query);
      let session: MachineConsoleSession;
      try {
        session = await consoles.connect(ticket);
      } catch (error) {
        if (!(error instanceof AppError)) request.log.error({ err: error }, 'opening a console failed');
        const refusal = error instanceof AppError ? error : undefined;
        send(socket, {
          type: 'refused',
          code: refusal?.code ?? ErrorCode.internal,
          message: refusal?.message ?? 'The console could not be opened. Try again.',
        });
        socket.close(CLOSE_REFUSED);
        return;
      }
      // A ping now and then keeps proxies (the edge's proxy_read_timeout) from closing an idle console.
      const pings = setInterval(() => socket.ping(), PING_INTERVAL_MS);
      socket.on('close', () => {
        clearInterval(pings);
        session.close();
      });
      socket.on('message', (data, isBinary) => {
        const message = isBinary ? undefined : parseClientMessage(data.toString());
        if (message?.type === 'input') session.input(message.data);
        else if (message?.type === 'resize') session.resize({ cols: message.cols, rows: message.rows });
      });
      session.attach({
        ready: () => send(socket, { type: 'ready' }),
        output: (chunk) => {
          if (socket.readyState === socket.OPEN) socket.send(chunk, { binary: true });
        },
        end: (reason) => {
          send(socket, { type: 'end', reason });
          socket.close(CLOSE_ENDED);
        },
      });
    },
  });

  app.put(
    '/console/password',
    {
      config: { access: 'user', audit: 'hosting.console_password' },
      schema: {
        tags: ['console'],
        summary:
          'Set the password of your machine’s own account, for its console’s login prompt (through the guest agent)',
        body: ConsolePasswordRequest,
        response: {
          200: standardResponse(z.null()),
          ...unavailable,
          ...errorResponses([503], { 503: 'The machine’s guest agent did not answer (`guest_agent_unavailable`).' }),
        },
      },
    },
    async (request) => {
      await consoles.setPassword(requireUser(request), request.body.password);
      return ok(null, 'The console password is set.');
    },
  );
};

function send(socket: WebSocket, message: ConsoleServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Anything that is not a message of ours (a bug, another client) is ignored, never echoed to the guest. */
function parseClientMessage(text: string): ConsoleClientMessage | undefined {
  try {
    const parsed = ConsoleClientMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
