// Load generators for bench/api/run.mjs: closed loop (autocannon), open loop at a fixed rate
// (paced GETs), and logins fired at a fixed rate. All of them send to 127.0.0.1 only.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { startCpuMeter } from './processes.mjs';

/**
 * POSTs JSON and returns the status and parsed body.
 * @param {string} url
 * @param {unknown} body
 * @param {AbortSignal} [signal]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function postJson(url, body, signal) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * @typedef {object} CannonResult
 * @property {number} ok         2xx responses
 * @property {number} seconds    measured time
 * @property {number} bad        non-2xx responses, errors and timeouts
 * @property {number} p50        ms
 * @property {number} p99        ms
 * @property {CpuUse} cpu
 */

/**
 * Closed-loop load with autocannon: as many requests as the server answers.
 * @param {{ base: string, child: import('./processes.mjs').Child }} server
 * @param {string} urlPath
 * @param {Record<string, string>} headers
 * @param {number} seconds
 * @param {number} connections
 * @returns {Promise<CannonResult>}
 */
export async function cannon(server, urlPath, headers, seconds, connections) {
  const pid = server.child.process.pid;
  const meter = await startCpuMeter(pid);
  const result = await autocannon({
    url: `${server.base}${urlPath}`,
    headers,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  return {
    cpu: await meter(),
    ok: result['2xx'],
    seconds: result.duration,
    bad: result.non2xx + result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * Percentile of a list of numbers (nearest rank).
 * @param {number[]} values
 * @param {number} p  0..100
 * @returns {number}
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Calls `fire(dueTime)` at a fixed rate for `seconds`, from a timer, without drifting: each call's
 * due time is start + i / rate. Resolves when the last one has been fired.
 * @param {number} rate  calls per second
 * @param {number} seconds
 * @param {(due: number) => void} fire
 * @returns {Promise<void>}
 */
function paced(rate, seconds, fire) {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let fired = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (fired < total && start + (fired * 1000) / rate <= now) {
        fire(start + (fired * 1000) / rate);
        fired += 1;
      }
      if (fired >= total) resolve();
      else setTimeout(tick, Math.max(0, start + (fired * 1000) / rate - performance.now()));
    };
    tick();
  });
}

/**
 * @typedef {object} PacedResult
 * @property {number} sent
 * @property {number} ok
 * @property {number} bad        non-2xx, errors, timeouts
 * @property {number} p50        ms, from the time the request was due
 * @property {number} p99        ms
 * @property {number} p999       ms
 * @property {number} max        ms
 * @property {CpuUse} cpu
 */

/**
 * Open-loop GETs at a fixed rate over keep-alive connections. Latency counts from the time each
 * request was due, so a stalled server (or client) shows as latency instead of fewer requests.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {number} rate
 * @param {number} seconds
 * @param {number | undefined} serverPid  for the CPU figure
 * @returns {Promise<PacedResult>}
 */
export async function pacedGets(url, headers, rate, seconds, serverPid) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  /** @type {number[]} */
  const latencies = [];
  let bad = 0;
  /** @type {Promise<void>[]} */
  const inFlight = [];
  const meter = await startCpuMeter(serverPid);
  await paced(rate, seconds, (due) => {
    inFlight.push(
      new Promise((resolve) => {
        const request = http.get(
          { host: target.hostname, port: target.port, path: target.pathname, headers, agent, timeout: 10_000 },
          (response) => {
            response.resume();
            response.on('end', () => {
              if (response.statusCode && response.statusCode < 300) latencies.push(performance.now() - due);
              else bad += 1;
              resolve();
            });
          },
        );
        request.on('timeout', () => request.destroy(new Error('timeout')));
        request.on('error', () => {
          bad += 1;
          resolve();
        });
      }),
    );
  });
  await Promise.all(inFlight);
  const cpu = await meter();
  agent.destroy();
  return {
    sent: inFlight.length,
    ok: latencies.length,
    bad,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    max: Math.max(...latencies),
    cpu,
  };
}

/**
 * @typedef {object} LoginResult
 * @property {number} sent
 * @property {number} ok
 * @property {number} failed        non-200 answers and errors
 * @property {number} unfinished    still waiting when the drain timeout ran out (then aborted)
 * @property {number} okInWindow    succeeded before the /me window closed
 * @property {number} windowSeconds
 * @property {number} okPerSecond   successes per second, from the first send to the last answer
 * @property {number} p50           ms
 * @property {number} p99           ms
 * @property {number} max           ms
 */

/**
 * Fires logins at a fixed rate for `seconds` (timer-driven, not waiting for answers).
 * `finish()` waits for the answers, at most --drain-timeout seconds, then aborts the rest.
 * @param {string} base
 * @param {string} email
 * @param {number} rate
 * @param {number} seconds
 * @returns {{ fired: Promise<void>, finish: (windowEnd: number) => Promise<LoginResult> }}
 */
export function loginLoad(base, credentials, rate, seconds, drainTimeout) {
  const abort = new AbortController();
  /** @type {{ start: number, end?: number, ok?: boolean }[]} */
  const logins = [];
  /** @type {Promise<void>[]} */
  const pending = [];
  const start = performance.now();
  const fired = paced(rate, seconds, () => {
    const login = { start: performance.now() };
    logins.push(login);
    pending.push(
      postJson(`${base}/api/v1/auth/login`, credentials, abort.signal).then(
        (answer) => Object.assign(login, { end: performance.now(), ok: answer.status === 200 }),
        () => {
          if (!abort.signal.aborted) Object.assign(login, { end: performance.now(), ok: false });
        },
      ),
    );
  });
  /** @param {number} windowEnd */
  const finish = async (windowEnd) => {
    await fired;
    await Promise.race([Promise.all(pending), sleep(drainTimeout * 1000)]);
    abort.abort();
    await Promise.all(pending);
    const done = logins.filter((l) => l.end !== undefined);
    const ok = done.filter((l) => l.ok);
    const latencies = ok.map((l) => /** @type {number} */ (l.end) - l.start);
    const lastEnd = Math.max(...ok.map((l) => /** @type {number} */ (l.end)));
    return {
      sent: logins.length,
      ok: ok.length,
      failed: done.length - ok.length,
      unfinished: logins.length - done.length,
      okInWindow: ok.filter((l) => /** @type {number} */ (l.end) <= windowEnd).length,
      windowSeconds: (windowEnd - start) / 1000,
      okPerSecond: ok.length / ((lastEnd - start) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
    };
  };
  return { fired, finish };
}
