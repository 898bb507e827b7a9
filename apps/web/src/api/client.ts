import type { ApiErrorBody, StandardResponse } from '@hostbay/contract/envelope';
import { ApiError, ClientErrorCode } from './errors';

/** Where the session token lives between reloads. */
const TOKEN_KEY = 'hostbay.token';
export const API_BASE = '/api/v1';

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
export type TokenListener = () => void;

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
 * to whoever listens (the auth store logs out). It is also the one holder of
 * the session token: everything else reads it from here.
 */
export class ApiClient {
  private readonly unauthorizedListeners = new Set<UnauthorizedListener>();
  private readonly tokenListeners = new Set<TokenListener>();

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
    this.tokenListeners.forEach((listener) => listener());
  }

  /** Called after every setToken, so that what holds the session open (the events stream) follows it. */
  onTokenChange(listener: TokenListener): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
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
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const { response, token } = await this.send(path, { method, headers, body, signal, auth });

    const envelope = await this.readEnvelope(response);
    if (!response.ok || !envelope.success) throw this.reject(response, token, envelope);
    return envelope.data as T;
  }

  /**
   * A file the API sends instead of an envelope (the audit log's CSV), as a Blob. It needs the
   * session token like any other call, so a plain link cannot fetch it; failures are ApiErrors as above.
   */
  async download(path: string, options: Pick<RequestOptions, 'signal'> = {}): Promise<Blob> {
    const { response, token } = await this.send(path, { headers: new Headers(), signal: options.signal });
    if (!response.ok) throw this.reject(response, token, await this.readEnvelope(response));
    return response.blob();
  }

  /** Sends one call with the token attached (when `auth`); an unreachable server is an ApiError. */
  private async send(
    path: string,
    { method = 'GET', headers, body, signal, auth = true }: RequestOptions & { headers: Headers },
  ): Promise<{ response: Response; token: string | null }> {
    const token = auth ? this.getToken() : null;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      const response = await fetch(this.url(path), {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
      return { response, token };
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError('The server could not be reached.', { status: 0, code: ClientErrorCode.network });
    }
  }

  /** The error for a refused call; a rejected session (401 to a call that carried a token) is reported once. */
  private reject(response: Response, token: string | null, envelope: StandardResponse<unknown>): ApiError {
    const error = this.toError(response, envelope.message, envelope.error);
    if (response.status === 401 && token) this.unauthorizedListeners.forEach((listener) => listener(error));
    return error;
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
