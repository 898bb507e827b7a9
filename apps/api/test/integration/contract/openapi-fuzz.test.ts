import { ErrorCode } from '@hostbay/contract/envelope';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startContractServer } from './contract-server.js';
import type { RawRequest, RawResponse } from './http-client.js';
import { OpenApiDocument, operationsOf, type DocumentedOperation } from './openapi-document.js';
import { requestsFor } from './request-arbitrary.js';

/**
 * Property-based requests generated from the OpenAPI document the API serves,
 * sent over HTTP to the real API: every operation, with valid and broken
 * bodies, parameters, content types and tokens. Whatever is sent, the answer
 * is never a 5xx, its status is one the operation documents, and its body
 * matches the schema documented for that status (for an error, the standard
 * envelope). HOSTBAY_FUZZ_SEED replays a run (a failure prints its
 * seed and path); HOSTBAY_FUZZ_RUNS sets the requests per operation.
 */
const SEED = Number(process.env.HOSTBAY_FUZZ_SEED ?? 1107);
const RUNS = Number(process.env.HOSTBAY_FUZZ_RUNS ?? 300);
const settings = { seed: SEED, numRuns: RUNS };

const ErrorAnswer = z.strictObject({
  success: z.literal(false),
  message: z.string().min(1),
  data: z.null(),
  error: z.strictObject({
    code: z.enum(Object.values(ErrorCode)),
    details: z.unknown().optional(),
    request_id: z.string(),
  }),
});

const server = await startContractServer(DATABASE_KINDS[0]!);
afterAll(() => server.close());
const served = await server.http.send({ method: 'GET', path: '/api/docs/json' });
const document = OpenApiDocument.parse(JSON.parse(served.text));
const operations = operationsOf(document);
const context = { authorizations: server.authorizations, bodyLimit: server.config.server.bodyLimit };

/** What went wrong, with the request that did it, for the failure message. */
function exchange(req: RawRequest, res: RawResponse): string {
  const body = req.body === undefined ? '' : ` body ${req.body.length} bytes: ${req.body.subarray(0, 200).toString()}`;
  return `${req.method} ${req.path} ${JSON.stringify(req.headers)}${body} -> ${res.status} ${res.text.slice(0, 300)}`;
}

/** About the bytes of a request's head: its request line and headers. */
function headSize(req: RawRequest): number {
  const headers = Object.entries(req.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`);
  return Buffer.byteLength(`${req.method} ${req.path} HTTP/1.1\r\n${headers.join('')}`);
}

// OpenAPI 3.0 schemas: Ajv knows `nullable`; formats are left to the API's own serializer, which checks them.
const ajv = new Ajv({ strict: false, validateFormats: false });
const validators = new Map<object, ValidateFunction>();

/**
 * The answer is in a media type the operation documents for its status, and a
 * JSON answer matches the schema documented there; an error carrying a request
 * id carries the one of its `x-request-id` header.
 */
function expectDocumentedBody(documented: DocumentedOperation, req: RawRequest, res: RawResponse): void {
  if (req.method === 'HEAD' || res.text === '') return;
  const content = documented.operation.responses[String(res.status)]?.content ?? {};
  const media = String(res.headers['content-type']).split(';')[0] ?? '';
  const schema = content[media]?.schema;
  expect(schema, `${media} is not documented for ${res.status}: ${exchange(req, res)}`).toBeDefined();
  if (schema === undefined) return;
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  const body: unknown = JSON.parse(res.text);
  expect(validate(body) ? null : JSON.stringify(validate.errors), exchange(req, res)).toBeNull();
  const requestId = ErrorAnswer.safeParse(body).data?.error.request_id;
  if (requestId !== undefined) expect(requestId, exchange(req, res)).toBe(res.headers['x-request-id']);
}

/** An error answer is JSON in the standard envelope, carrying the request id it was sent under. */
function expectErrorEnvelope(req: RawRequest, res: RawResponse): void {
  if (req.method === 'HEAD') return;
  expect(res.headers['content-type'], exchange(req, res)).toMatch(/^application\/json/);
  const answer = ErrorAnswer.safeParse(JSON.parse(res.text));
  expect(answer.error?.issues, exchange(req, res)).toBeUndefined();
  expect(answer.data?.error.request_id, exchange(req, res)).toBe(res.headers['x-request-id']);
}

describe('the API against its own OpenAPI document', () => {
  it('documents the operations a member uses', () => {
    expect(operations.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'GET /api/v1/auth/me',
        'POST /api/v1/hosting/',
        'GET /api/v1/hosting/my',
        'DELETE /api/v1/hosting/my',
        'POST /api/v1/hosting/my/actions',
        'GET /api/v1/hosting/my/events',
      ]),
    );
  });

  it.each(operations)('$method $path gives only statuses it documents, never a 5xx', async (documented) => {
    const statuses = new Set(Object.keys(documented.operation.responses));
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requestsFor(documented, context), async (req) => {
        const res = await server.http.send(req);
        seen.add(res.status);
        expect(res.status, exchange(req, res)).toBeLessThan(500);
        // Node refuses a head over 16 KiB before any route is chosen: see HeadersTooLarge.
        const answered = res.status === 431 && headSize(req) > 8 * 1024 ? [...statuses, '431'] : statuses;
        expect(answered, `undocumented ${res.status}: ${exchange(req, res)}`).toContain(String(res.status));
        if (answered === statuses) expectDocumentedBody(documented, req, res);
        else expectErrorEnvelope(req, res);
      }),
      settings,
    );
    // Requests that only ever fail parsing or validation would test little: some must get through.
    expect([...seen].filter((status) => ![400, 413, 415, 422].includes(status))).not.toEqual([]);
  });

  it('answers a method a path does not take with 405 and the methods it takes in Allow', async () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND'];
    const wrong = Object.entries(document.paths).flatMap(([path, item]) => {
      const taken = Object.keys(item).map((method) => method.toUpperCase());
      if (taken.includes('GET')) taken.push('HEAD');
      const allow = taken.sort().join(', ');
      return methods.filter((method) => !taken.includes(method)).map((method) => ({ path, method, allow }));
    });
    expect(document.components.responses).toHaveProperty('MethodNotAllowed');
    expect(document.components.responses).toHaveProperty('HeadersTooLarge');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...wrong), fc.option(fc.jsonValue()), async ({ path, method, allow }, body) => {
        const req: RawRequest =
          body === null
            ? { method, path }
            : {
                method,
                path,
                headers: { 'content-type': 'application/json' },
                body: Buffer.from(JSON.stringify(body)),
              };
        const res = await server.http.send(req);
        expect(res.status, exchange(req, res)).toBe(405);
        expect(res.headers.allow, exchange(req, res)).toBe(allow);
        expectErrorEnvelope(req, res);
      }),
      { ...settings, numRuns: Math.ceil(RUNS * 0.7) },
    );
  });

  it('answers paths it does not route with 404, and URLs it cannot decode with 400', async () => {
    const known = new Set(Object.keys(document.paths).flatMap((path) => [path, path.replace(/\/$/, '')]));
    const path = fc
      .tuple(
        fc.constantFrom('/api/', '/api/v1/', '/api/v1/hosting/', '/api/v1/auth/'),
        fc.array(fc.webSegment(), { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom('%', '%zz', '%E0%A4%A', '%%41'), { freq: 3 }),
      )
      .map(([prefix, segments, broken]) => ({
        path: prefix + segments.join('/') + (broken ?? ''),
        broken: broken !== null,
      }))
      .filter(({ path }) => !known.has(path));
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('GET', 'POST', 'DELETE'), async ({ path, broken }, method) => {
        const req: RawRequest = { method, path };
        const res = await server.http.send(req);
        expect(res.status, exchange(req, res)).toBe(broken ? 400 : 404);
        expect(document.components.responses).toHaveProperty(broken ? 'BadRequest' : 'NotFound');
        expectErrorEnvelope(req, res);
      }),
      { ...settings, numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
