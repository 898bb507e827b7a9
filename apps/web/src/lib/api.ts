import type { ApiErrorBody, FieldError, StandardResponse } from '@hostbay/contract/envelope';

/** Where the session token lives between reloads. */
const TOKEN_KEY = 'hostbay.token';
export const API_BASE = '/api/v1';

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
 * Response data is typed by the contract (`packages/contract`) at compile time. It is
 * not parsed with the zod schemas at run time: zod would take an eighth of the
 * dashboard's 200 KB budget, and the API serializes through those same schemas.
 */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Attach the session token (default true). Login and register send none. */
  auth?: boolean;
}

export type UnauthorizedListener = (error: ApiError) => void;

function isEnvelope(value: unknown): value is StandardResponse<unknown> {
  return typeof value === 'object' && value !== null && 'success' in value && 'data' in value && 'error' in value;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * The single door to the API: attaches the token, unwraps StandardResponse,
 * turns every failure into an ApiError, and reports a rejected session once
 * to whoever listens (the auth store logs out).
 */
export class ApiClient {
  private readonly unauthorizedListeners = new Set<UnauthorizedListener>();

  constructor(
    private readonly baseUrl: string = API_BASE,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = window.localStorage,
  ) {}

  getToken(): string | null {
    return this.storage.getItem(TOKEN_KEY);
  }

  setToken(token: string | null): void {
    if (token === null) this.storage.removeItem(TOKEN_KEY);
    else this.storage.setItem(TOKEN_KEY, token);
  }

  /** Called when a request that carried a token is answered with 401. */
  onUnauthorized(listener: UnauthorizedListener): () => void {
    this.unauthorizedListeners.add(listener);
    return () => this.unauthorizedListeners.delete(listener);
  }

  /** An absolute URL for `path` under the API base, e.g. for EventSource. */
  url(path: string, query?: Record<string, string>): string {
    const url = new URL(`${this.baseUrl}${path}`, window.location.origin);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url.toString();
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const { method = 'GET', body, signal, auth = true } = options;
    const headers = new Headers({ Accept: 'application/json' });
    const token = auth ? this.getToken() : null;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('Content-Type', 'application/json');

    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError('The server could not be reached.', { status: 0, code: ClientErrorCode.network });
    }

    const envelope = await this.readEnvelope(response);
    if (!response.ok || !envelope.success) {
      const error = this.toError(response, envelope.message, envelope.error);
      if (response.status === 401 && token) this.unauthorizedListeners.forEach((listener) => listener(error));
      throw error;
    }
    return envelope.data as T;
  }

  private async readEnvelope(response: Response): Promise<StandardResponse<unknown>> {
    // A body that is not JSON (a proxy's HTML error page, an empty body) is described by its status below.
    const json: unknown = await response.json().catch(() => undefined);
    if (isEnvelope(json)) return json;
    throw new ApiError(
      response.ok ? 'The server sent an unexpected response.' : `Request failed (${response.status}).`,
      {
        status: response.status,
        code: response.ok ? ClientErrorCode.badResponse : `http_${response.status}`,
      },
    );
  }

  private toError(response: Response, message: string, body: ApiErrorBody | null): ApiError {
    return new ApiError(message || `Request failed (${response.status}).`, {
      status: response.status,
      code: body?.code ?? `http_${response.status}`,
      details: body?.details,
      requestId: body?.request_id,
      retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }
}

export const api = new ApiClient();
