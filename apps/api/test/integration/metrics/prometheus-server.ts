import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';

export interface ScrapeTarget {
  /** host:port of what Prometheus scrapes (Hostbay's edge, as an operator's Prometheus would). */
  address: string;
  /** The file holding the metrics token (HOSTBAY_METRICS=token). */
  tokenFile: string;
  /** Rule files to load (the example alerts). */
  ruleFiles?: string[];
}

export interface PrometheusServer {
  /** An instant query's vector: each series' labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** The value of a query that names one series; undefined while it has none. */
  value(expr: string): Promise<number | undefined>;
  /** Waits until Prometheus has scraped its target once more after now, successfully. */
  nextScrape(timeoutMs?: number): Promise<void>;
  rules(): Promise<{ name: string; health: string; lastError?: string }[]>;
  stop(): Promise<void>;
}

/** A port the kernel picked from its ephemeral range: outside the port windows the hosting harness hands out. */
async function ephemeralPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Debian's `prometheus` with a configuration of its own in a temporary
 * folder: one job, `hostbay`, scraped every second with the bearer token,
 * rules evaluated every second. What an operator runs, made small.
 */
export async function startPrometheus(target: ScrapeTarget): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostbay-prometheus-'));
  const port = await ephemeralPort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: target.ruleFiles ?? [],
    scrape_configs: [
      {
        job_name: 'hostbay',
        metrics_path: '/metrics',
        authorization: { type: 'Bearer', credentials_file: target.tokenFile },
        static_configs: [{ targets: [target.address] }],
      },
    ],
  };
  await writeFile(path.join(dir, 'prometheus.yml'), stringify(config));
  let output = '';
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const answer = await fetch(`${base}${pathAndQuery}`);
    const body = (await answer.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus: ${body.error ?? answer.status}`);
    return body.data;
  };
  const query: PrometheusServer['query'] = async (expr) => {
    const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    return data.result.map((series) => ({ metric: series.metric, value: Number(series.value[1]) }));
  };
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await fetch(`${base}/-/ready`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not start: ${output}`);
    }
    await sleep(100);
  }

  return {
    query,
    async value(expr) {
      const [first, ...more] = await query(expr);
      if (more.length > 0) throw new Error(`${expr} names ${more.length + 1} series`);
      return first?.value;
    },
    async nextScrape(timeoutMs = 10_000) {
      const since = Date.now() / 1000;
      const end = Date.now() + timeoutMs;
      for (;;) {
        const targets = await api<{ activeTargets: { health: string; lastScrape: string; lastError: string }[] }>(
          '/api/v1/targets?state=active',
        );
        const hostbay = targets.activeTargets[0];
        if (hostbay && hostbay.health === 'up' && Date.parse(hostbay.lastScrape) / 1000 > since) return;
        if (Date.now() > end)
          throw new Error(`prometheus did not scrape Hostbay: ${JSON.stringify(hostbay)} ${output}`);
        await sleep(200);
      }
    },
    async rules() {
      const data = await api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>(
        '/api/v1/rules',
      );
      return data.groups.flatMap((group) => group.rules);
    },
    stop,
  };
}
