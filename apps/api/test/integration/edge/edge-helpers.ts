import http from 'node:http';
import net from 'node:net';

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string | undefined;
  headers: http.IncomingHttpHeaders;
}

/** GET through the edge with a chosen Host (Node does not resolve *.localhost, so connect to 127.0.0.1). */
export function getViaEdge(port: number, host: string, urlPath = '/'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: urlPath, headers: { Host: host }, agent: false, timeout: 5000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            contentType: response.headers['content-type'],
            headers: response.headers,
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

export interface EdgeRequest {
  method: string;
  host: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the body in chunks of unknown total length (Transfer-Encoding: chunked), not with a Content-Length. */
  chunked?: boolean;
}

/** Any request through the edge, with a chosen Host; resolves with the answer however the body was received. */
export function requestViaEdge(port: number, options: EdgeRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: options.host, ...options.headers };
    if (options.body !== undefined && !options.chunked)
      headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const request = http.request(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers, agent: false, timeout: 10_000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            contentType: response.headers['content-type'],
            headers: response.headers,
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    const body = options.body ?? '';
    if (options.chunked) {
      // Several chunks, so that nginx cannot know the length before it has read them.
      for (let at = 0; at < body.length; at += 4096) request.write(body.slice(at, at + 4096));
    } else if (body) request.write(body);
    request.end();
  });
}

/** A stand-in for a VM's web endpoint: answers with what reached it (the body's size, X-Forwarded-For) as JSON. */
export async function startEchoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ bytes, forwardedFor: request.headers['x-forwarded-for'] ?? null }));
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A stand-in for a VM's web endpoint (or the API): answers every request with `name`. */
export async function startNamedServer(name: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    response.setHeader('Content-Type', 'text/plain');
    response.setHeader('X-Seen-Host', request.headers.host ?? '');
    response.end(name);
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The path the edge asks the API for a visitor's page on (http.conf.njk). */
export const SITE_PAGE_PATH = '/api/v1/site-pages/unavailable';

/**
 * A stand-in for the API: `name` for everything, except the visitors' page, which is a 404
 * naming the Host the edge passed on, or (`sitePagesDown`) a connection closed unanswered.
 */
export async function startApiStandIn(
  name: string,
): Promise<{ port: number; close: () => Promise<void>; setSitePagesDown: (down: boolean) => void }> {
  let sitePagesDown = false;
  const server = http.createServer((request, response) => {
    if (request.url !== SITE_PAGE_PATH) {
      response.setHeader('Content-Type', 'text/plain');
      response.end(name);
    } else if (sitePagesDown) {
      request.socket.destroy();
    } else {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'text/plain');
      response.end(`site page for ${String(request.headers['x-hostbay-site-host'])}`);
    }
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    setSitePagesDown: (down) => (sitePagesDown = down),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A stand-in for a VM's sshd: greets with `name`, then echoes. */
export async function startTcpGreeter(name: string): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.write(`SSH-2.0-${name}\r\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Connects to a TCP port and returns the first line it sends, or the connection error code. */
export function readGreeting(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (data.includes('\n')) {
        socket.destroy();
        resolve(data.trim());
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.on('close', () => resolve(data.trim() || 'closed'));
  });
}

/**
 * Ports that were free a moment ago, below the kernel's ephemeral range
 * (32768 and up here), so that the servers a test starts on port 0 cannot
 * be handed the same ones. A random start keeps parallel test files apart.
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  let candidate = 12_000 + Math.floor(Math.random() * 18_000);
  while (ports.length < count) {
    candidate = candidate >= 32_000 ? 12_000 : candidate + 1;
    if (await canListen(candidate)) ports.push(candidate);
  }
  return ports;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
