import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../modules/users/user.repository.js';
import type { HostingEvents } from '../../modules/hosting/hosting-events.js';
import type { HostingService } from '../../modules/hosting/hosting.service.js';

/** Re-read even without a local notice, so changes made by another Hostbay process arrive too. */
const RECHECK_MS = 2000;
/** Comments keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** Streams `event: hosting` with `{hosting}` whenever what the user would see changes. */
export async function streamHostingEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
  hosting: HostingService,
  events: HostingEvents,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  // A hijacked reply writes none of Fastify's headers: carry the security headers over.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  let last = '';
  let sending = false;
  let pending = false;
  const send = async () => {
    if (sending) {
      pending = true;
      return;
    }
    sending = true;
    try {
      do {
        pending = false;
        const payload = JSON.stringify({ hosting: await hosting.findHosting(user) });
        if (payload !== last && !raw.destroyed) {
          last = payload;
          raw.write(`event: hosting\ndata: ${payload}\n\n`);
        }
      } while (pending);
    } catch (error) {
      request.log.warn({ err: error }, 'event stream read failed');
    } finally {
      sending = false;
    }
  };
  const unsubscribe = events.subscribe(user.id, () => void send());
  const recheck = setInterval(() => void send(), RECHECK_MS);
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  request.raw.on('close', () => {
    unsubscribe();
    clearInterval(recheck);
    clearInterval(heartbeat);
  });
  raw.write('retry: 3000\n\n');
  await send();
}
