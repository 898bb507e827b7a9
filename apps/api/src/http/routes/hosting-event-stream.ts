import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostingEventStream, HostingStreamSink } from '../../modules/hosting/hosting-event-streams.js';

/**
 * Writes an open stream as server-sent events: `event: hosting` with `{hosting}` whenever
 * what the user would see changes, and `event: end` with `{reason}` when the server ends it.
 */
export async function streamHostingEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  stream: HostingEventStream,
): Promise<void> {
  reply.hijack();
  // The stream takes no body: drain any that came, or an unread one holds the connection (and this
  // stream's slot) open for a while after the client has gone.
  request.raw.resume();
  const raw = reply.raw;
  // The connection closing, by the client leaving or by end() below, ends the stream and frees its slot.
  raw.on('close', () => stream.close());
  if (raw.destroyed) stream.close();
  // A hijacked reply writes none of Fastify's headers: carry the security headers over.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  const write = (text: string) => {
    if (!raw.destroyed && !raw.writableEnded) raw.write(text);
  };
  const sink: HostingStreamSink = {
    hosting: (hosting) => write(`event: hosting\ndata: ${JSON.stringify({ hosting })}\n\n`),
    keepAlive: () => write(': keep-alive\n\n'),
    end: (reason) => {
      write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
      raw.end();
    },
  };
  write('retry: 3000\n\n');
  await stream.start(sink);
}
