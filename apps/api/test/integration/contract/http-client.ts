import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** The path and query exactly as sent, not encoded again. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send the body with `Transfer-Encoding: chunked` instead of a `Content-Length`. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text; empty for an event stream, which is closed once its headers arrive. */
  text: string;
}

export interface HttpClient {
  send(req: RawRequest): Promise<RawResponse>;
  close(): Promise<void>;
}

/**
 * A client that sends what it is given, as a browser or fetch would not: any
 * method, a body on any method, any content type, a chunked or an empty body.
 */
export function httpClient(port: number): HttpClient {
  // A connection per request: the server closes some after an error (an unread body), and a kept-alive socket
  // would then fail the next request for reasons that are not the API's.
  const agent = new Agent({ keepAlive: false });
  return {
    send: (req) =>
      new Promise<RawResponse>((resolve, reject) => {
        const headers: Record<string, string> = { ...req.headers };
        if (req.chunked) headers['transfer-encoding'] = 'chunked';
        else if (req.body !== undefined) headers['content-length'] = String(req.body.length);
        const outgoing = request(
          { host: '127.0.0.1', port, agent, method: req.method, path: req.path, headers },
          (res) => {
            if (String(res.headers['content-type']).startsWith('text/event-stream')) {
              res.destroy();
              resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
              return;
            }
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`${req.method} ${req.path}: no answer in 10 s`)));
        outgoing.end(req.body);
      }),
    async close() {
      agent.destroy();
    },
  };
}
