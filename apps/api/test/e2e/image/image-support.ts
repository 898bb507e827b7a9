import path from 'node:path';
import { readImageConfig, type ImageConfig } from '../../../src/config/image.js';
import { HOSTBAY_ROOT } from '../../../src/config/paths.js';
import { E2E_IMAGE_DIR } from '../support/hostbay-process.js';

/** The image settings of the e2e tier: one cached build shared by every e2e test (and `up` in them). */
export function e2eImageConfig(): ImageConfig {
  return { ...readImageConfig(process.env, path.join(HOSTBAY_ROOT, 'data')), imagesDir: E2E_IMAGE_DIR };
}
