import { MirrorUnreachableError } from './image.errors.js';
import type { HttpProbe } from './image.ports.js';

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
