import type { TFunction } from 'i18next';
import { ClientErrorCode, isApiError } from '../../lib/api';

/** Codes whose meaning is fixed, so the dashboard can say them in the user's language. */
const TRANSLATED_CODES = [
  'invalid_credentials',
  'email_taken',
  'username_taken',
  'service_unavailable',
  'network_error',
] as const;
type TranslatedCode = (typeof TRANSLATED_CODES)[number];

function isTranslated(code: string): code is TranslatedCode {
  return (TRANSLATED_CODES as readonly string[]).includes(code);
}

/**
 * The text to show for a failure: a translated sentence for the well-known codes,
 * else the server's own message (it is written for people), else a generic one.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error, 'rate_limited') && error.retryAfter !== undefined) {
    return t('auth.rateLimited', { seconds: error.retryAfter });
  }
  if (isApiError(error) && isTranslated(error.code)) return t(`errors.${error.code}`);
  if (isApiError(error, ClientErrorCode.network)) return t('errors.network_error');
  if (isApiError(error) && error.message) return error.message;
  return t('common.unknownError');
}
