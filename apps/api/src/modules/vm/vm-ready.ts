import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { VmNotReadyError } from './vm.errors.js';

/** Where a VM's web server and SSH daemon answer, as seen from the host. */
export interface VmEndpoints {
  webHost: string;
  webPort: number;
  sshHost: string;
  sshPort: number;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Pause between rounds of checks. */
  intervalMs?: number;
}

/**
 * Resolves once the VM serves HTTP 200 on its web port and an SSH-2.0 banner
 * on its SSH port. Rejects with VmNotReadyError (naming what was still
 * missing) after `timeoutMs`, or with the signal's reason when aborted.
 */
export async function waitForVmReady(endpoints: VmEndpoints, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 2000;
  let webReady = false;
  let sshReady = false;
  let lastProblems: string[] = [];
  for (;;) {
    options.signal?.throwIfAborted();
    const attemptMs = Math.max(500, Math.min(5000, deadline - Date.now()));
    const [web, ssh]: (string | undefined)[] = await Promise.all([
      webReady ? undefined : httpProblem(endpoints.webHost, endpoints.webPort, attemptMs),
      sshReady ? undefined : sshProblem(endpoints.sshHost, endpoints.sshPort, attemptMs),
    ]);
    webReady ||= web === undefined;
    sshReady ||= ssh === undefined;
    if (webReady && sshReady) return;
    lastProblems = [web, ssh].filter((p): p is string => p !== undefined);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new VmNotReadyError(`VM not ready after ${options.timeoutMs} ms: ${lastProblems.join('; ')}`, {
        webReady,
        sshReady,
      });
    }
    try {
      await sleep(Math.min(interval, remaining), undefined, { signal: options.signal });
    } catch (error) {
      // timers/promises rejects with a generic AbortError; callers expect the reason they gave.
      options.signal?.throwIfAborted();
      throw error;
    }
  }
}

/** undefined when GET / answers 200, else what went wrong. */
export function httpProblem(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path: '/', timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `HTTP ${host}:${port} answered ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve(`HTTP ${host}:${port}: ${error.message}`));
  });
}

/** undefined when the port sends an `SSH-2.0-` banner, else what went wrong. */
export function sshProblem(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let received = '';
    const socket = net.connect({ host, port });
    const finish = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => finish(`SSH ${host}:${port}: no banner within ${timeoutMs} ms`));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.startsWith('SSH-2.0-')) finish(undefined);
      else if (received.length >= 8 || received.includes('\n')) {
        finish(`SSH ${host}:${port}: unexpected banner ${JSON.stringify(received.slice(0, 40))}`);
      }
    });
    socket.on('end', () => finish(`SSH ${host}:${port}: closed without a banner`));
    socket.on('error', (error) => finish(`SSH ${host}:${port}: ${error.message}`));
  });
}
