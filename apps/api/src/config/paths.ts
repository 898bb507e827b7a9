import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository (or installed package) root: three levels above this compiled file's folder. */
export const HOSTBAY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The built dashboard the API serves at `/`. */
export const WEB_DIST_DIR = path.join(HOSTBAY_ROOT, 'apps/web/dist');
