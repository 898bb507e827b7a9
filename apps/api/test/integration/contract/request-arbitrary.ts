import fc from 'fast-check';
import type { RawRequest } from './http-client.js';
import type { DocumentedOperation, JsonSchema, Parameter } from './openapi-document.js';
import { hostileString, invalidValue, validValue } from './schema-arbitrary.js';

export interface RequestContext {
  /** `Authorization` values that open a session, and ones that must not. */
  authorizations: { valid: string[]; invalid: string[] };
  /** The server's body limit in bytes: one byte more is too large. */
  bodyLimit: number;
}

/** Printable ASCII: what a header value may hold (Node's client refuses the rest before sending). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) });

const FOREIGN_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json-patch+json',
  'application/octet-stream',
  ';;;',
  'application/json; charset=utf-16',
];

function encode(contentType: string, value: unknown): Buffer {
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return Buffer.from(JSON.stringify(value));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return Buffer.from(String(value));
  const form = new URLSearchParams();
  for (const [key, field] of Object.entries(value)) {
    form.append(key, typeof field === 'string' ? field : JSON.stringify(field));
  }
  return Buffer.from(form.toString());
}

interface BodyPart {
  headers: Record<string, string>;
  body?: Buffer;
  chunked?: boolean;
}

const typed = (contentType: string, body: Buffer, chunked = false): BodyPart => ({
  headers: { 'content-type': contentType },
  body,
  ...(chunked ? { chunked } : {}),
});

/** Bodies for an operation that takes one: mostly valid, then broken in every way a client can break one. */
function bodyFor(content: Record<string, { schema: JsonSchema }>, bodyLimit: number): fc.Arbitrary<BodyPart> {
  const types = Object.keys(content);
  // Built once per operation: building a string's arbitrary compiles its pattern.
  const encoded = (pick: (schema: JsonSchema) => fc.Arbitrary<unknown>) =>
    fc.oneof(
      ...Object.entries(content).map(([type, { schema }]) =>
        pick(schema).map((value) => ({ type, body: encode(type, value) })),
      ),
    );
  return fc.oneof(
    { weight: 8, arbitrary: encoded(validValue).map(({ type, body }) => typed(type, body)) },
    { weight: 4, arbitrary: encoded(invalidValue).map(({ type, body }) => typed(type, body)) },
    { weight: 1, arbitrary: encoded(validValue).map(({ type, body }) => typed(type, body, true)) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom('{"a":', '{', '[1,]', "{'a':1}", 'nul', '{"__proto__":{"x":1}}'), fc.string())
        .map((text) => typed('application/json', Buffer.from(text))),
    },
    { weight: 1, arbitrary: fc.constantFrom(...types).map((type) => typed(type, Buffer.alloc(0))) },
    { weight: 1, arbitrary: fc.constant<BodyPart>({ headers: {} }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom(...FOREIGN_TYPES), headerText), fc.string())
        .map(([type, text]) => typed(type, Buffer.from(text))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...types).map((type) => typed(type, Buffer.from(`{"x":"${'a'.repeat(bodyLimit)}"}`))),
    },
  );
}

/** Bodies for an operation that takes none: mostly none, but clients send headers and bodies anyway. */
function strayBody(bodyLimit: number): fc.Arbitrary<BodyPart> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant<BodyPart>({ headers: {} }) },
    { weight: 2, arbitrary: fc.constant(typed('application/json', Buffer.alloc(0))) },
    {
      weight: 1,
      arbitrary: fc.jsonValue().map((value) => typed('application/json', encode('application/json', value))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom(...FOREIGN_TYPES), headerText), fc.string())
        .map(([type, text]) => typed(type, Buffer.from(text))),
    },
    { weight: 1, arbitrary: fc.constant(typed('application/json', Buffer.alloc(bodyLimit + 1, 'a'))) },
  );
}

/** One parameter's value: valid, absent, hostile, or sent twice. Undefined leaves it out. */
function parameterValue(parameter: Parameter, context: RequestContext): fc.Arbitrary<string[] | undefined> {
  const valid = validValue(parameter.schema).map((value) => [
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  const hostile = parameter.in === 'header' ? headerText : hostileString;
  // RFC 6750 section 2.3: a token in the query. Where a route takes one, try real ones there too.
  const tokens = [...context.authorizations.valid, ...context.authorizations.invalid].map((auth) =>
    auth.replace(/^Bearer ?/, ''),
  );
  const choices: fc.WeightedArbitrary<string[] | undefined>[] = [
    { weight: 4, arbitrary: valid },
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: hostile.map((value) => [value]) },
  ];
  if (parameter.in === 'query')
    choices.push({ weight: 1, arbitrary: fc.tuple(hostile, hostile).map((pair) => [...pair]) });
  if (parameter.in === 'query' && parameter.name === 'access_token') {
    choices.push({ weight: 3, arbitrary: fc.constantFrom(...tokens).map((token) => [token]) });
  }
  return fc.oneof(...choices);
}

function authorizationFor(secured: boolean, context: RequestContext): fc.Arbitrary<string | undefined> {
  const { valid, invalid } = context.authorizations;
  return fc.oneof(
    { weight: secured ? 5 : 1, arbitrary: fc.constantFrom(...valid) },
    { weight: secured ? 3 : 1, arbitrary: fc.constantFrom(...invalid) },
    { weight: secured ? 2 : 8, arbitrary: fc.constant(undefined) },
  );
}

/**
 * A path parameter as a URL carries it: percent-encoded UTF-8. A lone surrogate (the hostile strings have
 * them) has no UTF-8 form and cannot be sent at all: it goes as U+FFFD, as a browser would send it.
 */
function encodePathValue(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
}

/** Requests for one documented operation, from its parameters, body and security as the document states them. */
export function requestsFor(documented: DocumentedOperation, context: RequestContext): fc.Arbitrary<RawRequest> {
  const { operation } = documented;
  const parameters = operation.parameters ?? [];
  const secured = (operation.security ?? []).length > 0;
  const content = operation.requestBody?.content;
  return fc
    .record({
      values: fc.tuple(...parameters.map((parameter) => parameterValue(parameter, context))),
      authorization: authorizationFor(secured, context),
      body: content ? bodyFor(content, context.bodyLimit) : strayBody(context.bodyLimit),
      extraQuery: fc.option(fc.tuple(fc.string(), hostileString), { freq: 4 }),
    })
    .map(({ values, authorization, body, extraQuery }) => {
      let path = documented.path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = { ...body.headers };
      parameters.forEach((parameter, index) => {
        for (const value of values[index] ?? []) {
          if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodePathValue(value));
          else if (parameter.in === 'query') query.append(parameter.name, value);
          else if (parameter.in === 'header') headers[parameter.name] = value;
        }
      });
      if (extraQuery) query.append(...extraQuery);
      if (authorization !== undefined) headers.authorization = authorization;
      const search = query.toString();
      return {
        method: documented.method,
        path: search ? `${path}?${search}` : path,
        headers,
        ...(body.body === undefined ? {} : { body: body.body }),
        ...(body.chunked ? { chunked: true } : {}),
      };
    });
}
