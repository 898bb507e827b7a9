import type { TokenErrorCode, TokenErrorResponse } from '@hostbay/contract/auth';
import { ErrorCode, PAYLOAD_TOO_LARGE_RESPONSE, type FieldError } from '@hostbay/contract/envelope';
import { VALIDATION_MESSAGES, validationCodeOf } from '@hostbay/contract/validation-messages';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
} from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AccountSuspendedError,
  AppError,
  ConflictError,
  ForbiddenError,
  InvalidCredentialsError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  InsufficientStorageError,
  UnauthenticatedError,
  UnsupportedGrantTypeError,
  BadRequestError,
  ValidationError,
} from '../errors.js';
import { failure } from './envelope.js';
import { isTokenRequest, TOKEN_RESPONSE_HEADERS } from './oauth2.js';

/** The one place where domain errors become HTTP status codes. */
function statusOf(error: AppError): number {
  if (error instanceof ValidationError) return 422;
  if (error instanceof UnauthenticatedError || error instanceof InvalidCredentialsError) return 401;
  if (error instanceof UnsupportedGrantTypeError || error instanceof BadRequestError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof ServiceUnavailableError) return 503;
  if (error instanceof InsufficientStorageError) return 507;
  return 500;
}

/** Fastify's own request errors (body parsing, size), mapped to our codes. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: ErrorCode.invalidJson,
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: PAYLOAD_TOO_LARGE_RESPONSE.error.code,
    message: PAYLOAD_TOO_LARGE_RESPONSE.message,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: ErrorCode.unsupportedMediaType,
    message: 'Send the body as application/json.',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: ErrorCode.invalidUrl,
    message: 'The URL is not valid: a percent sign must start an escape such as %20.',
  },
  // A path parameter longer than the router reads (maxParamLength, 100) cannot name anything: an invalid parameter.
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 422,
    code: ErrorCode.validation,
    message: 'A part of the URL is too long to name anything here.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: ErrorCode.invalidJson,
    message: 'The request body length is wrong.',
  },
};

/**
 * One message per field (the first problem found), named by its path in the body,
 * with the stable code of the message when it is one of the contract's, so that
 * the dashboard can say it in the user's language.
 */
function fieldErrors(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const byField = new Map<string, string>();
  for (const issue of error.validation) {
    const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(body)';
    // Fastify hands a missing body to the validator as null.
    const absent = field === '(body)' ? /received (undefined|null)/ : /received undefined/;
    const missing = issue.keyword === 'invalid_type' && absent.test(issue.message);
    if (!byField.has(field)) byField.set(field, missing ? VALIDATION_MESSAGES.field_required : issue.message);
  }
  return [...byField].map(([field, message]) => {
    const code = validationCodeOf(message);
    return code === undefined ? { field, message } : { field, message, code };
  });
}

function sendRateLimited(reply: FastifyReply, error: RateLimitedError, requestId: string) {
  return reply
    .status(429)
    .header('retry-after', String(error.retryAfterSeconds))
    .send(failure(error.message, { code: error.code, request_id: requestId }));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  // A request no route takes is answered before Fastify reads its body: a malformed or oversized body sent to
  // the wrong path or method must not turn its 404 or 405 into a 400 or 413. (GET and HEAD carry no body, and
  // go on to the not-found handler, which serves the dashboard to browsers.)
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 && request.method !== 'GET' && request.method !== 'HEAD') return notFound(request, reply);
  });
}

/** The error handler; also for errors Fastify meets before it has a route (see createApp's frameworkErrors). */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  try {
    return sendError(error, request, reply);
  } catch (handlerError) {
    // Even a bug in this handler must not leak internals or leave the envelope.
    request.log.error({ err: handlerError, original: error }, 'error handler failed');
    return sendInternal(request, reply);
  }
}

function sendInternal(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(500).send(
    failure('Something went wrong on our side. Quote the request id if you report it.', {
      code: ErrorCode.internal,
      request_id: request.id,
    }),
  );
}

/** The message of a 422: each field's first problem, named by its path. */
function validationMessage(details: FieldError[]): string {
  return details.map((d) => `${d.field}: ${d.message}`).join(' ') || 'The request is not valid.';
}

interface TokenError {
  status: number;
  error: TokenErrorCode;
}

/**
 * How a failed OAuth2 token request is answered (RFC 6749 section 5.2):
 * status 400 with an error code, 401 being only for `invalid_client`, which
 * Hostbay never answers (it has no registered clients). A refusal by the
 * login limits stays 429 with Retry-After, in the same shape: section 5.2 has
 * no code for it, so it is the general `invalid_request`, and the status and
 * Retry-After tell a client when to try again. Server failures (5xx) have no
 * section 5.2 code either and keep the envelope.
 */
function tokenErrorOf(error: FastifyError): TokenError | undefined {
  if (error instanceof InvalidCredentialsError || error instanceof AccountSuspendedError)
    return { status: 400, error: 'invalid_grant' };
  if (error instanceof UnsupportedGrantTypeError) return { status: 400, error: 'unsupported_grant_type' };
  if (error instanceof RateLimitedError) return { status: 429, error: 'invalid_request' };
  if (error instanceof AppError) return statusOf(error) < 500 ? { status: 400, error: 'invalid_request' } : undefined;
  if (hasZodFastifySchemaValidationErrors(error)) return { status: 400, error: 'invalid_request' };
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  const status = known?.status ?? error.statusCode;
  return status && status >= 400 && status < 500 ? { status: 400, error: 'invalid_request' } : undefined;
}

function sendTokenError(error: FastifyError, answer: TokenError, reply: FastifyReply) {
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  const description = hasZodFastifySchemaValidationErrors(error)
    ? validationMessage(fieldErrors(error))
    : (known?.message ?? error.message);
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  const body: TokenErrorResponse = { error: answer.error, error_description: description };
  return reply.status(answer.status).headers(TOKEN_RESPONSE_HEADERS).send(body);
}

function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const requestId = request.id;
  const tokenError = isTokenRequest(request) ? tokenErrorOf(error) : undefined;
  if (tokenError) return sendTokenError(error, tokenError, reply);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = fieldErrors(error);
    const message = validationMessage(details);
    return reply.status(422).send(failure(message, { code: ErrorCode.validation, details, request_id: requestId }));
  }
  if (error instanceof RateLimitedError) return sendRateLimited(reply, error, requestId);
  if (error instanceof AppError) {
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    // A 503 says in words what is missing (its message is written for people); any other server-side
    // failure (a virsh error, say) may carry host details: those stay in the log.
    if (status >= 500 && !(error instanceof ServiceUnavailableError)) return sendInternal(request, reply);
    if (error instanceof ServiceUnavailableError && error.retryAfterSeconds)
      reply.header('retry-after', String(error.retryAfterSeconds));
    const body = {
      code: error.code,
      request_id: requestId,
      // Details (field errors, conflicts) are for the client's mistakes only; a 5xx's stay in the log.
      ...(error.details === undefined || status >= 500 ? {} : { details: error.details }),
    };
    return reply.status(status).send(failure(error.message, body));
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known)
    return reply.status(known.status).send(failure(known.message, { code: known.code, request_id: requestId }));
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply
      .status(error.statusCode)
      .send(failure(error.message, { code: ErrorCode.validation, request_id: requestId }));
  }
  // Anything else is our bug: the log gets the details, the client only the request id.
  request.log.error({ err: error }, 'unhandled error');
  return sendInternal(request, reply);
}

/** What Node answers itself, when it cannot even read a request's head. */
const CONNECTION_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: ErrorCode.headersTooLarge,
    message: 'The URL and headers are larger than the server reads (16 KiB).',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: ErrorCode.requestTimeout,
    message: 'The request did not arrive in time.',
  },
};

/**
 * Requests Node's HTTP parser refuses (a head over its size limit, bytes that
 * are not HTTP, a head that never finishes) never reach Fastify, which answers
 * them on the socket in a JSON of its own: here they get the envelope too.
 */
export function answerConnectionError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CONNECTION_ERRORS[error.code] ?? {
    status: 400,
    code: ErrorCode.badRequest,
    message: 'The request is not valid HTTP.',
  };
  const requestId = randomUUID();
  const body = JSON.stringify(failure(known.message, { code: known.code, request_id: requestId }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'x-content-type-options: nosniff\r\n' +
        `x-request-id: ${requestId}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * The methods routed at a path, for a 405's `Allow`; none when nothing is.
 * OPTIONS alone does not make a path known: with CORS on, its preflight route
 * answers OPTIONS everywhere.
 */
function allowedMethods(app: FastifyInstance, path: string): string[] {
  const methods = (app.supportedMethods as HTTPMethods[]).filter(
    (method) => app.findRoute({ method, url: path }) !== null,
  );
  return methods.some((method) => method !== 'OPTIONS') ? methods.sort() : [];
}

/** No route for the request: 405 with `Allow` where the path has routes for other methods, else 404. */
export function notFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  const allowed = allowedMethods(request.server, path);
  if (allowed.length > 0) {
    return reply
      .status(405)
      .header('allow', allowed.join(', '))
      .send(
        failure(`${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`, {
          code: ErrorCode.methodNotAllowed,
          request_id: request.id,
        }),
      );
  }
  return reply.status(404).send(
    failure(`No route for ${request.method} ${path}.`, {
      code: ErrorCode.notFound,
      request_id: request.id,
    }),
  );
}
