import type { TokenErrorCode, TokenErrorResponse } from '@hostbay/contract/auth';
import { ErrorCode, PAYLOAD_TOO_LARGE_RESPONSE, type FieldError } from '@hostbay/contract/envelope';
import { VALIDATION_MESSAGES, validationCodeOf } from '@hostbay/contract/validation-messages';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  InvalidCredentialsError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthenticatedError,
  UnsupportedGrantTypeError,
  ValidationError,
} from '../errors.js';
import { failure } from './envelope.js';
import { isTokenRequest, TOKEN_RESPONSE_HEADERS } from './oauth2.js';

/** The one place where domain errors become HTTP status codes. */
function statusOf(error: AppError): number {
  if (error instanceof ValidationError) return 422;
  if (error instanceof UnauthenticatedError || error instanceof InvalidCredentialsError) return 401;
  if (error instanceof UnsupportedGrantTypeError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof ServiceUnavailableError) return 503;
  return 500;
}

/** Fastify's own request errors (body parsing, size), mapped to our codes. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: ErrorCode.invalidJson,
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: ErrorCode.invalidJson,
    message: 'The request body is empty; send a JSON object.',
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
    const missing = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message);
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
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    try {
      return sendError(error, request, reply);
    } catch (handlerError) {
      // Even a bug in this handler must not leak internals or leave the envelope.
      request.log.error({ err: handlerError, original: error }, 'error handler failed');
      return sendInternal(request, reply);
    }
  });
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
  if (error instanceof InvalidCredentialsError) return { status: 400, error: 'invalid_grant' };
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

export function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(
    failure(`No route for ${request.method} ${request.url.split('?')[0]}.`, {
      code: ErrorCode.notFound,
      request_id: request.id,
    }),
  );
}
