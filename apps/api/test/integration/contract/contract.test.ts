import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { signedUpUser } from '../../support/factories.js';
import { startContractServer, type ContractServer } from './contract-server.js';
import { OpenApiDocument } from './openapi-document.js';

const json = { 'content-type': 'application/json' };

describe('the HTTP contract at its edges', () => {
  let t: ContractServer;
  let member: (headers?: Record<string, string>) => Promise<Record<string, string>>;
  beforeAll(async () => {
    t = await startContractServer(DATABASE_KINDS[0]!);
    member = async (headers = {}) => ({
      ...headers,
      authorization: `Bearer ${(await signedUpUser(t.hostbay.app)).token}`,
    });
  });
  afterAll(() => t.close());

  const envelope = (code: string) => ({ success: false, data: null, error: expect.objectContaining({ code }) });

  it('answers a method a known path does not take with 405 and Allow, and an unknown path with 404', async () => {
    const put = await t.http.send({ method: 'PUT', path: '/api/v1/hosting/my' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('DELETE, GET, HEAD');
    expect(JSON.parse(put.text)).toMatchObject(envelope('method_not_allowed'));
    const patch = await t.http.send({ method: 'PATCH', path: '/api/v1/auth/me' });
    expect([patch.status, patch.headers.allow]).toEqual([405, 'GET, HEAD']);
    const get = await t.http.send({ method: 'GET', path: '/api/v1/auth/register' });
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    const unknown = await t.http.send({ method: 'PUT', path: '/api/v1/nothing-here' });
    expect([unknown.status, unknown.headers.allow]).toEqual([404, undefined]);
  });

  it('answers a request no route takes before reading its body', async () => {
    const malformed = await t.http.send({ method: 'POST', path: '/api/health', headers: json, body: Buffer.from('{') });
    expect([malformed.status, malformed.headers.allow]).toEqual([405, 'GET, HEAD']);
    const huge = Buffer.alloc(t.config.server.bodyLimit + 1, 'a');
    const unknown = await t.http.send({ method: 'PUT', path: '/api/v1/nothing-here', headers: json, body: huge });
    expect(unknown.status).toBe(404);
  });

  it('takes DELETE /hosting/my with a JSON content type and no body as a delete', async () => {
    const headers = await member(json);
    const created = await t.http.send({ method: 'POST', path: '/api/v1/hosting', headers });
    expect(created.status).toBe(202);
    const deleted = await t.http.send({ method: 'DELETE', path: '/api/v1/hosting/my', headers, body: Buffer.alloc(0) });
    expect(deleted.status).toBe(202);
    expect(JSON.parse(deleted.text).data.status).toBe('DELETING');
  });

  it('creates a hosting from a request without any body, and from an empty JSON one', async () => {
    const bare = await t.http.send({ method: 'POST', path: '/api/v1/hosting', headers: await member() });
    expect(bare.status).toBe(202);
    const empty = await t.http.send({
      method: 'POST',
      path: '/api/v1/hosting',
      headers: await member(json),
      body: Buffer.alloc(0),
    });
    expect(empty.status).toBe(202);
  });

  it('answers a missing body where one is needed with a 422 that names it', async () => {
    const res = await t.http.send({
      method: 'POST',
      path: '/api/v1/auth/register',
      headers: json,
      body: Buffer.alloc(0),
    });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error.details).toEqual([
      { field: '(body)', message: 'This field is required.', code: 'field_required' },
    ]);
  });

  it('still refuses malformed JSON with 400', async () => {
    const res = await t.http.send({
      method: 'DELETE',
      path: '/api/v1/hosting/my',
      headers: await member(json),
      body: Buffer.from('{'),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject(envelope('invalid_json'));
  });

  it('takes a body only in the content types the operation documents', async () => {
    const form = Buffer.from('email=a%40example.org&username=formuser&password=correct+horse');
    const register = await t.http.send({
      method: 'POST',
      path: '/api/v1/auth/register',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(register.status).toBe(415);
    expect(JSON.parse(register.text)).toMatchObject(envelope('unsupported_media_type'));
    // The login documents the OAuth2 form: it is parsed and checked (here: no such account, an OAuth2 error).
    const login = await t.http.send({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('grant_type=password&username=nobody%40example.org&password=whatever'),
    });
    expect(login.status).toBe(400);
    expect(JSON.parse(login.text)).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers a URL it cannot decode with 400 in the envelope, with the usual headers', async () => {
    const res = await t.http.send({ method: 'GET', path: '/api/v1/auth/me%zz' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject(envelope('invalid_url'));
    expect(body.error.request_id).toBe(res.headers['x-request-id']);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a head larger than Node reads with 431 in the envelope', async () => {
    const res = await t.http.send({ method: 'GET', path: `/api/health?q=${'a'.repeat(20_000)}` });
    expect(res.status).toBe(431);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject(envelope('headers_too_large'));
    expect(body.error.request_id).toBe(res.headers['x-request-id']);
  });

  it('documents every status each operation gives', async () => {
    const document = OpenApiDocument.parse(
      JSON.parse((await t.http.send({ method: 'GET', path: '/api/docs/json' })).text),
    );
    const statuses = (path: string, method: 'get' | 'post' | 'delete') =>
      Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses('/api/v1/auth/register', 'post')).toEqual([
      '201',
      '400',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
    ]);
    expect(statuses('/api/v1/auth/login', 'post')).toEqual(['200', '400', '401', '413', '415', '422', '429', '500']);
    expect(statuses('/api/v1/auth/me', 'get')).toEqual(['200', '401', '500']);
    expect(statuses('/api/v1/auth/signup', 'get')).toEqual(['200', '422', '500']);
    // A path parameter too long for the router is a 422 too, like any malformed id.
    expect(statuses('/api/v1/admin/users/{id}/approve', 'post')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '500',
    ]);
    expect(statuses('/api/v1/hosting/', 'post')).toEqual([
      '202',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '500',
      '503',
    ]);
    expect(statuses('/api/v1/hosting/my', 'get')).toEqual(['200', '401', '404', '500']);
    expect(statuses('/api/v1/hosting/my', 'delete')).toEqual(['202', '400', '401', '404', '409', '413', '415', '500']);
    expect(statuses('/api/v1/hosting/my/events', 'get')).toEqual(['200', '401', '422', '429', '500']);
    // The stream's errors are JSON, though its success is an event stream.
    const events = document.paths['/api/v1/hosting/my/events']?.get?.responses;
    expect(Object.keys(events?.['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(Object.keys(events?.['429']?.content ?? {})).toEqual(['application/json']);
    // A hosting can be asked for without a body.
    expect(document.paths['/api/v1/hosting/']?.post?.requestBody?.required).toBe(false);
    expect(Object.keys(document.components.responses).sort()).toEqual([
      'BadRequest',
      'HeadersTooLarge',
      'MethodNotAllowed',
      'NotFound',
      'RequestTimeout',
    ]);
  });
});
