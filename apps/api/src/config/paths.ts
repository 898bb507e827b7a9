import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository (or installed package) root: three levels above this compiled file's folder. */
export const HOSTBAY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The built dashboard the API serves at `/`. */
export const WEB_DIST_DIR = path.join(HOSTBAY_ROOT, 'apps/web/dist');

/**
 * The machines' serial line sockets (browser consoles): under /run, because a Unix socket's path may be at
 * most 107 bytes and a data folder may be long. /run empties at boot; Hostbay makes the folder again at start,
 * before it starts any machine.
 */
export function consoleSocketFolder(installationId: string): string {
  return path.join('/run/hostbay', installationId, 'consoles');
}
