import http from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body of a refused stream (an error envelope). */
  body: Promise<string>;
  events: SseEvent[];
  /** Resolves with Date.now() when the server closes the connection. */
  closed: Promise<number>;
  /** Leaves, as a browser tab does when it closes. */
  leave(): void;
}

/** A server-sent events client on a plain HTTP connection, through the edge as a browser would come. */
export function openStream(port: number, token: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/v1/hosting/my/events?access_token=${token}`,
        headers: { Host: 'localhost' },
      },
      (response) => {
        const events: SseEvent[] = [];
        let text = '';
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
            const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
        });
        const closed = new Promise<number>((done) => response.on('close', () => done(Date.now())));
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: closed.then(() => text),
          events,
          closed,
          leave: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
  });
}
