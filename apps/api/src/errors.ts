import { ErrorCode } from '@hostbay/contract/envelope';
import type { FieldError } from '@hostbay/contract/envelope';
import { VALIDATION_MESSAGES } from '@hostbay/contract/validation-messages';

/**
 * Domain errors: stable codes, no HTTP. `http/error-handler.ts` is the one
 * place that turns them into status codes.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  readonly details?: unknown;
  /**
   * What the operator needs to fix it (paths, settings, commands): logged and printed by the CLI, never sent
   * to a member, whose `message` says what happened without host details.
   */
  operatorDetail?: string;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/**
 * A failure in Hostbay's own words, with nothing of the host in it (no path,
 * no program output): a member may read its message. Any other error inside
 * a job step (a virsh or nginx failure) reaches only the log and the step's
 * record; the member sees what failed and what to do.
 */
export class MemberSafeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The error's message when a member may read it. Only MemberSafeError says so: a domain error raised
 * inside a step may still name a path (a base image's file, say).
 */
export function memberSafeMessage(error: unknown): string | undefined {
  return error instanceof MemberSafeError ? error.message : undefined;
}

/** The text for the operator (the CLI, the log): the operator's detail when there is one, else the message. */
export function operatorText(error: Error): string {
  return error instanceof AppError && error.operatorDetail ? error.operatorDetail : error.message;
}

export class ValidationError extends AppError {
  readonly code = ErrorCode.validation;
  constructor(message: string, fields: FieldError[]) {
    super(message, fields);
  }
}

/**
 * The password that confirms a change to one's own account (changing the
 * password, deleting the account) is wrong: a 422 at its field rather than a
 * 401, which would read as "this session has ended". The login limits count it
 * as a failed login of the account.
 */
export class IncorrectPasswordError extends ValidationError {
  constructor(field: string) {
    super(VALIDATION_MESSAGES.password_incorrect, [
      { field, message: VALIDATION_MESSAGES.password_incorrect, code: 'password_incorrect' },
    ]);
  }
}

/** A request this route cannot take at all (a WebSocket route asked without the upgrade). */
export class BadRequestError extends AppError {
  readonly code: ErrorCode = ErrorCode.badRequest;
}

export class UnauthenticatedError extends AppError {
  readonly code: ErrorCode = ErrorCode.unauthenticated;
}

/** A suspended account: its tokens stop working at once (401), with its own code so that the dashboard can say why. */
export class AccountSuspendedError extends UnauthenticatedError {
  override readonly code: ErrorCode = ErrorCode.accountSuspended;
  constructor(reason: string | null) {
    super(
      reason ? `This account is suspended: ${reason}` : 'This account is suspended. Ask the operator why.',
      reason === null ? undefined : { reason },
    );
  }
}

export class InvalidCredentialsError extends AppError {
  readonly code = ErrorCode.invalidCredentials;
  /**
   * The account whose password was wrong, when there is one: for the audit
   * log, so that a member sees the failed logins against their account. Never
   * sent: the answer is the same whether the account exists or not.
   */
  readonly account: { id: string; username: string } | undefined;
  constructor(account?: { id: string; username: string }) {
    super('Incorrect email or password.');
    this.account = account && { id: account.id, username: account.username };
  }
}

/** An OAuth2 token request for a grant other than the password grant (the only one Hostbay serves). */
export class UnsupportedGrantTypeError extends AppError {
  readonly code = ErrorCode.unsupportedGrantType;
  constructor() {
    super('This grant type is not supported; Hostbay serves grant_type=password.');
  }
}

export class ForbiddenError extends AppError {
  readonly code: ErrorCode = ErrorCode.forbidden;
}

/** An account that waits for an admin's approval may look around, not create. */
export class AccountPendingError extends ForbiddenError {
  override readonly code: ErrorCode = ErrorCode.accountPending;
  constructor() {
    super('Your account waits for an administrator’s approval.');
  }
}

export class NotFoundError extends AppError {
  readonly code = ErrorCode.notFound;
}

export class ConflictError extends AppError {
  constructor(
    message: string,
    readonly code: ErrorCode = ErrorCode.conflict,
    details?: unknown,
  ) {
    super(message, details);
  }
}

/** A wait as a person reads it: seconds under a minute, else whole minutes (rounded up), hours past two. */
export function describeWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 120) return plural(minutes, 'minute');
  return plural(Math.ceil(minutes / 60), 'hour');
}

export class RateLimitedError extends AppError {
  readonly code = ErrorCode.rateLimited;
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many attempts. Try again in ${describeWait(retryAfterSeconds)}.`,
  ) {
    super(message);
  }
}

/**
 * A login refused because the account is locked (too many failures from all addresses together), not because
 * of the client's own limits. The same 429 and message: only /metrics tells the two apart.
 */
export class AccountLockedError extends RateLimitedError {}

/** Capacity or a dependency is missing right now; the request may succeed later. */
export class ServiceUnavailableError extends AppError {
  readonly code: ErrorCode = ErrorCode.unavailable;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The host's disk has too little room for what was asked (a snapshot, a backup): refused before it starts. */
export class InsufficientStorageError extends AppError {
  readonly code = ErrorCode.diskFull;
}
