import { MirrorUnreachableError } from './image-errors.js';

export interface HttpProbeResult {
  status: number;
}

/** Asks a URL for its headers. Rejects when no HTTP answer arrives within the timeout. */
export interface HttpProbe {
  head(url: string, timeoutMs: number): Promise<HttpProbeResult>;
}

export class FetchHttpProbe implements HttpProbe {
  async head(url: string, timeoutMs: number): Promise<HttpProbeResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal });
    if (response.status !== 405 && response.status !== 501) return { status: response.status };
    // A server that refuses HEAD: ask for the file and drop the body.
    const fallback = await fetch(url, { method: 'GET', redirect: 'follow', signal });
    await fallback.body?.cancel();
    return { status: fallback.status };
  }
}

/**
 * Fails fast, with one line naming the mirror and the setting to change, when
 * the mirror cannot serve `<suite>`: debootstrap would otherwise retry for
 * minutes and end in a message about a missing Release file.
 */
export async function checkMirror(probe: HttpProbe, mirror: string, suite: string, timeoutMs = 10_000): Promise<void> {
  const url = `${mirror}/dists/${suite}/Release`;
  let status: number;
  try {
    ({ status } = await probe.head(url, timeoutMs));
  } catch (error) {
    throw new MirrorUnreachableError(mirror, describeNetworkError(error, timeoutMs));
  }
  if (status === 404) {
    throw new MirrorUnreachableError(
      mirror,
      `it has no suite "${suite}" (HTTP 404 for ${url}); check HOSTBAY_IMAGE_SUITE`,
    );
  }
  if (status < 200 || status >= 300) throw new MirrorUnreachableError(mirror, `HTTP ${status} for ${url}`);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  // fetch wraps the socket error in `cause`.
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host name (${cause.code})`;
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `network unreachable (${cause.code})`;
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
