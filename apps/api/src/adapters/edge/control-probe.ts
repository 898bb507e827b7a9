import http from 'node:http';
import type { EdgeProbe } from '../../modules/proxy/proxy.ports.js';

/**
 * Asks the control `server` of http.conf, on the edge's public socket, with its
 * reserved Host: when it says N, workers started from generation N take the
 * public connections.
 */
export class HttpEdgeProbe implements EdgeProbe {
  constructor(
    private readonly target: { host: string; port: number; controlHost: string },
    private readonly timeoutMs = 1000,
  ) {}

  generation(): Promise<number | undefined> {
    const { host, port, controlHost } = this.target;
    return new Promise((resolve) => {
      const request = http.get(
        {
          host,
          port,
          path: '/generation',
          headers: { Host: controlHost, Connection: 'close' },
          timeout: this.timeoutMs,
          agent: false,
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            const value = Number(body.trim());
            resolve(response.statusCode === 200 && body.trim() !== '' && Number.isInteger(value) ? value : undefined);
          });
          response.on('error', () => resolve(undefined));
        },
      );
      request.on('timeout', () => request.destroy());
      // Not listening yet (or any more) is an answer, not an error: the caller polls.
      request.on('error', () => resolve(undefined));
    });
  }
}
