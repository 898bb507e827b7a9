import path from 'node:path';
import { z } from 'zod';
import { readEnv, type Env } from './env-reader.js';

const debianPackageName = /^[a-z0-9][a-z0-9+.-]+$/;

const imageShape = {
  HOSTBAY_IMAGE: z
    .string()
    .refine((p) => path.isAbsolute(p) && /\.(qcow2|img)$/.test(p), {
      message: 'expected the absolute path of a local qcow2 cloud image, such as /srv/images/debian-12-generic.qcow2',
    })
    .optional(),
  HOSTBAY_IMAGE_MIRROR: z
    .string()
    .regex(
      /^https?:\/\/[^\s/]+(\/[^\s]*)?$/,
      'expected an http(s) URL of a Debian mirror, such as http://deb.debian.org/debian',
    )
    .transform((url) => url.replace(/\/+$/, ''))
    .default('http://deb.debian.org/debian'),
  HOSTBAY_IMAGE_SUITE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'expected a Debian suite name such as bookworm')
    .default('bookworm'),
  HOSTBAY_IMAGE_EXTRA_PACKAGES: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(debianPackageName, 'expected a comma-separated list of Debian package names')))
    .default([]),
};

export interface ImageConfig {
  /** Where built images live: `<dataDir>/images`. */
  imagesDir: string;
  /** Debian mirror debootstrap downloads from (no trailing slash). */
  mirror: string;
  suite: string;
  /** Packages added to the built image on top of Hostbay's own list. */
  extraPackages: string[];
  /** A distro cloud image to use instead of building one; cloud-init then installs the web server. */
  cloudImage: string | undefined;
}

/** Reads the HOSTBAY_IMAGE* variables. */
export function readImageConfig(env: Env, dataDir: string): ImageConfig {
  const vars = readEnv(env, imageShape);
  return {
    imagesDir: path.join(dataDir, 'images'),
    mirror: vars.HOSTBAY_IMAGE_MIRROR,
    suite: vars.HOSTBAY_IMAGE_SUITE,
    extraPackages: vars.HOSTBAY_IMAGE_EXTRA_PACKAGES,
    cloudImage: vars.HOSTBAY_IMAGE,
  };
}
