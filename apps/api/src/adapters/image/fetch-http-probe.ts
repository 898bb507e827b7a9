import type { HttpProbe, HttpProbeResult } from '../../modules/image/image.ports.js';

/** Node's fetch. A server that refuses HEAD is asked for the file, whose body is dropped. */
export class FetchHttpProbe implements HttpProbe {
  async head(url: string, timeoutMs: number): Promise<HttpProbeResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal });
    if (response.status !== 405 && response.status !== 501) return { status: response.status };
    const fallback = await fetch(url, { method: 'GET', redirect: 'follow', signal });
    await fallback.body?.cancel();
    return { status: fallback.status };
  }
}
