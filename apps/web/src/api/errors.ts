import type { ErrorCode, FieldError } from '@hostbay/contract/envelope';
import type { TFunction } from 'i18next';

/** Codes the client itself produces, next to the server's stable ones. */
export const ClientErrorCode = {
  network: 'network_error',
  badResponse: 'bad_response',
} as const;

/**
 * The one error type the dashboard sees for a failed call: it carries the
 * server's message and stable code, so screens switch on `code` and show `message`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** Seconds to wait, from Retry-After on a 429. */
  readonly retryAfter: number | undefined;

  constructor(
    message: string,
    options: { status: number; code: string; details?: unknown; requestId?: string; retryAfter?: number },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
    this.requestId = options.requestId;
    this.retryAfter = options.retryAfter;
  }

  /** The per-field problems of a 422 (`error.details = [{field, message}]`). */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (item): item is FieldError =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as FieldError).field === 'string' &&
        typeof (item as FieldError).message === 'string',
    );
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/**
 * The account is suspended (401 `account_suspended`): what the operator gave as the reason, if anything.
 * Undefined for any other failure.
 */
export function suspensionOf(error: unknown): { reason: string | null } | undefined {
  if (!isApiError(error, 'account_suspended')) return undefined;
  const details = error.details;
  const reason =
    typeof details === 'object' && details !== null && 'reason' in details && typeof details.reason === 'string'
      ? details.reason
      : null;
  return { reason };
}

/** Codes whose meaning is fixed, so the dashboard can say them in the user's language. */
const TRANSLATED_CODES = [
  'invalid_credentials',
  'email_taken',
  'username_taken',
  'service_unavailable',
  'plan_exceeds_host',
  'signup_closed',
  'invitation_required',
  'invitation_invalid',
  'account_pending',
  'domain_taken',
  'domain_limit',
  'snapshot_limit',
  'hosting_busy',
  'disk_full',
  'backups_off',
  'network_error',
] as const satisfies readonly (ErrorCode | (typeof ClientErrorCode)['network'])[];
type TranslatedCode = (typeof TRANSLATED_CODES)[number];

function isTranslated(code: string): code is TranslatedCode {
  return (TRANSLATED_CODES as readonly string[]).includes(code);
}

/**
 * A wait as a person reads it, like the API's own message: seconds under a
 * minute, else whole minutes rounded up ("59 minutes", not "3520 seconds"),
 * hours past two.
 */
function rateLimitedMessage(seconds: number, t: TFunction): string {
  if (seconds < 60) return t('auth.rateLimited', { count: seconds });
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 120) return t('auth.rateLimitedMinutes', { count: minutes });
  return t('auth.rateLimitedHours', { count: Math.ceil(minutes / 60) });
}

/**
 * The text to show for a failure: a translated sentence for the well-known codes,
 * else the server's own message (it is written for people), else a generic one.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error, 'rate_limited') && error.retryAfter !== undefined)
    return rateLimitedMessage(error.retryAfter, t);
  const suspension = suspensionOf(error);
  if (suspension) {
    return suspension.reason === null
      ? t('auth.suspended.title')
      : `${t('auth.suspended.title')} ${t('auth.suspended.reason', { reason: suspension.reason })}`;
  }
  if (isApiError(error) && isTranslated(error.code)) return t(`errors.${error.code}`);
  if (isApiError(error, ClientErrorCode.network)) return t('errors.network_error');
  if (isApiError(error) && error.message) return error.message;
  return t('common.unknownError');
}
