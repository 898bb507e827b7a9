import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

/** What a visitor got over HTTPS, and whether the certificate chain checked out for the name. */
export interface TlsAnswer {
  status: number;
  body: string;
  location: string | undefined;
  hsts: string | undefined;
  /** The chain verified against `ca` for this name. */
  authorized: boolean;
  /** The served certificate: its subject CN, SAN list and serial. */
  subject: string | undefined;
  altNames: string;
  serial: string;
}

/**
 * GET over HTTPS from the edge on 127.0.0.1:`port` with SNI and Host set to `name`, trusting only
 * `ca` (Pebble's root, a test CA), as a visitor whose system trusts that root would.
 */
export function getOverTls(port: number, name: string, ca: string, urlPath = '/'): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        servername: name,
        headers: { Host: name },
        ca,
        rejectUnauthorized: false,
        agent: false,
        timeout: 10_000,
      },
      (response) => {
        const socket = response.socket as TLSSocket;
        const peer = socket.getPeerCertificate();
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            location: response.headers.location,
            hsts: response.headers['strict-transport-security'],
            authorized: socket.authorized,
            subject: typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined,
            altNames: peer.subjectaltname ?? '',
            serial: peer.serialNumber,
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/** GET over plain HTTP from the edge with a chosen Host; redirects are not followed. */
export function getPlain(
  port: number,
  host: string,
  urlPath = '/',
): Promise<{ status: number; body: string; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: '127.0.0.1', port, path: urlPath, headers: { Host: host }, agent: false, timeout: 10_000 },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body, location: response.headers.location }),
          );
        },
      )
      .on('error', reject);
  });
}

/** Polls `probe` until it gives a value (errors count as "not yet"); fails naming `what` and the last error. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${timeoutMs} ms (last error: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
