import type { ApiErrorBody, StandardResponse } from '@hostbay/contract/envelope';

export function ok<T>(data: T, message = 'OK'): StandardResponse<T> {
  return { success: true, message, data, error: null };
}

export function failure(message: string, error: ApiErrorBody): StandardResponse<null> {
  return { success: false, message, data: null, error };
}
