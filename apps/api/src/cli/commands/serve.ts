import { Command } from 'commander';
import { loadConfig, type Config } from '../../config/config.js';
import { composeHostbay } from '../../composition/compose-hostbay.js';
import { out } from '../output.js';
import { FIRST_ADMIN_HINT } from './user.js';

export interface ServeOptions {
  /**
   * Frees HOSTBAY_PORT (`up`'s set-up page) once Hostbay is composed, just
   * before the API or the edge listens on it: a browser sees at most a refresh.
   */
  handOverPort?: () => Promise<void>;
}

/** Starts the API and resolves when it has stopped after SIGINT/SIGTERM. */
export async function serveApi(given?: Config, options: ServeOptions = {}): Promise<void> {
  const config = given ?? (await loadConfig());
  const hostbay = await composeHostbay(config);
  const handOver = options.handOverPort ?? (async () => undefined);
  // Without the edge the API itself listens on HOSTBAY_PORT; with it, the edge does, once started.
  if (hostbay.listen.port === config.server.port) await handOver();
  await hostbay.app.listen(hostbay.listen);
  await hostbay.start({ beforeEdge: handOver });
  out.info(`Hostbay on http://${displayHost(config.server.host)}:${config.server.port}/ (API docs at /api/docs)`);
  if ((await hostbay.users.countAdmins()) === 0) out.info(FIRST_ADMIN_HINT);
  await untilSignal();
  out.info('Stopping: the edge, the worker and the API (VMs keep running; the next start reconciles them).');
  await hostbay.close();
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/** Resolves on the first SIGINT or SIGTERM; a second one forces the exit. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

export const serveCommand = new Command('serve')
  .description('run the API process only (HOSTBAY_PORT, default 8080)')
  .action(() => serveApi());
