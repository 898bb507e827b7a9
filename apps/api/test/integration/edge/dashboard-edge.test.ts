import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../../src/config/paths.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Harness } from '../hosting/harness.js';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET through the edge, body kept as bytes (it may be compressed). */
function getRaw(port: number, urlPath: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: '127.0.0.1', port, path: urlPath, headers: { Host: 'localhost', ...headers }, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      )
      .on('error', reject);
  });
}

function decoded(answer: RawAnswer): Buffer {
  if (answer.headers['content-encoding'] === 'br') return brotliDecompressSync(answer.body);
  if (answer.headers['content-encoding'] === 'gzip') return gunzipSync(answer.body);
  return answer.body;
}

// The dashboard's build (with its .br/.gz files) comes from `npm run build -w @hostbay/web`, which CI and
// `./hostbay test` run before this tier; building it here would double the tier's time.
const built = existsSync(path.join(WEB_DIST_DIR, 'index.html.br'));
const entryScript = built
  ? readdirSync(path.join(WEB_DIST_DIR, 'assets')).find((name) => /^index-[\w-]+\.js$/.test(name))
  : undefined;

const ENCODINGS = [
  { accept: 'br, gzip', expected: 'br' },
  { accept: 'gzip', expected: 'gzip' },
  { accept: undefined, expected: undefined },
] as const;

describe.skipIf(!built)('the dashboard through the edge (skipped: apps/web/dist is not built with .br files)', () => {
  let h: Harness;
  let port: number;

  beforeAll(async () => {
    h = await startHarness(DATABASE_KINDS[0]!, {}, 2, WEB_DIST_DIR);
    port = h.config.server.port;
  });
  afterAll(async () => {
    await h?.close();
  });

  const cases = [
    { what: 'a hashed script', urlPath: `/assets/${entryScript}`, file: `assets/${entryScript}`, cache: 'immutable' },
    { what: 'index.html', urlPath: '/', file: 'index.html', cache: 'revalidate' },
    { what: 'a client route', urlPath: '/hosting', file: 'index.html', cache: 'revalidate' },
  ] as const;

  for (const { what, urlPath, file, cache } of cases) {
    for (const { accept, expected } of ENCODINGS) {
      it(`sends ${what} ${expected ? `as ${expected}` : 'uncompressed'} to a client accepting ${accept ?? 'nothing'}`, async () => {
        const headers: Record<string, string> = { Accept: 'text/html,*/*' };
        if (accept) headers['Accept-Encoding'] = accept;
        const answer = await getRaw(port, urlPath, headers);

        expect(answer.status).toBe(200);
        expect(answer.headers['content-encoding']).toBe(expected);
        expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
        expect(answer.headers['cache-control']).toBe(
          cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        expect(answer.headers['content-type']).toMatch(file.endsWith('.js') ? /javascript/ : /text\/html/);
        expect(decoded(answer).equals(readFileSync(path.join(WEB_DIST_DIR, file)))).toBe(true);
      });
    }
  }

  it('sends compressed scripts smaller than the files themselves', async () => {
    const answer = await getRaw(port, `/assets/${entryScript}`, { 'Accept-Encoding': 'br' });
    const raw = readFileSync(path.join(WEB_DIST_DIR, 'assets', entryScript!));
    expect(answer.body.length).toBeLessThan(raw.length / 2);
  });
});
