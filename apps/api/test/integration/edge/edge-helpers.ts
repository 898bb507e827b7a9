import http from 'node:http';
import net from 'node:net';

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string | undefined;
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
          resolve({ status: response.statusCode ?? 0, body, contentType: response.headers['content-type'] }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
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
