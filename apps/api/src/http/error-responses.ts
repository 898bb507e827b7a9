import { ErrorResponse } from '@hostbay/contract/envelope';
import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * What each error status means, as the OpenAPI document says it. Every error
 * answer is the standard envelope (`success: false`, `data: null`) with a
 * stable `error.code`; the codes named here are the ones a client switches on.
 */
const MEANING = {
  400: 'The body is not valid JSON (`invalid_json`).',
  401: 'No valid access token (`unauthenticated`), or the account is suspended (`account_suspended`).',
  403: 'The account may not do this: it is not an administrator (`forbidden`) or waits for approval (`account_pending`).',
  404: 'There is nothing of yours here yet (`not_found`).',
  409: 'The request conflicts with the current state (`conflict`).',
  413: 'The body is larger than the server accepts (`payload_too_large`).',
  415: 'The body is in a content type this operation does not consume (`unsupported_media_type`).',
  422: 'A field is not valid: `error.details` names each one (`validation_error`).',
  429: 'Too many requests: try again after the seconds in `Retry-After` (`rate_limited`).',
  500: 'A fault on the server: nothing of it is shown; quote `error.request_id` when reporting it (`internal_error`).',
  503: 'Capacity or a part of the host is missing right now; try again later, after `Retry-After` when sent (`service_unavailable`).',
  507: 'The server’s disk has too little room for this now; nothing was started (`disk_full`).',
} as const;

export type ErrorStatus = keyof typeof MEANING;

type ErrorResponses<S extends ErrorStatus> = { [K in S]: typeof ErrorResponse };

/**
 * The error answers a route's own service gives (404, 409, 429, 503 ...), for its
 * `schema.response`; a `meaning` replaces the generic text where the route's is
 * more exact. The statuses a route gives by its shape alone are added for it
 * (documentImpliedErrors).
 */
export function errorResponses<S extends ErrorStatus>(
  statuses: readonly S[],
  meaning: Partial<Record<S, string>> = {},
): ErrorResponses<S> {
  const responses: Partial<ErrorResponses<S>> = {};
  for (const status of statuses) responses[status] = ErrorResponse.describe(meaning[status] ?? MEANING[status]);
  return responses as ErrorResponses<S>;
}

/** Fastify reads a body for every method but these (and then only when one is sent): see its handle-request.js. */
const BODYLESS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'TRACE']);

/**
 * The statuses any route can answer because of what it takes in, whatever its
 * handler does: a body it was sent (even where it expects none) can be
 * malformed, too large or of a foreign type; an input with a schema can fail it;
 * a route that needs a token can be called without one, an admin route by a
 * member; and any route can fail.
 */
function impliedStatuses(route: RouteOptions): ErrorStatus[] {
  const schema = route.schema ?? {};
  const statuses: ErrorStatus[] = [500];
  if ([route.method].flat().some((method) => !BODYLESS_METHODS.has(method))) statuses.push(400, 413, 415);
  if (schema.body || schema.querystring || schema.params || schema.headers) statuses.push(422);
  const access = route.config?.access;
  if (access === 'user' || access === 'admin') statuses.push(401);
  if (access === 'admin') statuses.push(403);
  return statuses;
}

/**
 * Completes every documented route's `schema.response` with the statuses its
 * shape implies, so that the OpenAPI document lists every status a route can
 * give without each route repeating them. Register before the routes.
 */
export function documentImpliedErrors(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (typeof schema?.response !== 'object' || schema.response === null || schema.hide) return;
    schema.response = { ...errorResponses(impliedStatuses(route)), ...schema.response };
  });
}
