import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, enumVar, readEnv, type Env } from './env-reader.js';

/**
 * Who may read `/metrics` (HOSTBAY_METRICS): `loopback`, clients on this
 * machine (127.0.0.0/8, ::1) as the API sees them through HOSTBAY_TRUST_PROXY,
 * so a remote client that comes through Hostbay's own edge is refused;
 * `token`, whoever sends the bearer token of HOSTBAY_METRICS_TOKEN_FILE; `off`,
 * nobody (404).
 */
export type MetricsConfig = { mode: 'loopback' } | { mode: 'token'; token: string } | { mode: 'off' };

/** A token shorter than this could be guessed; `openssl rand -hex 32` gives 64 characters. */
const MIN_TOKEN_LENGTH = 32;

const metricsShape = {
  HOSTBAY_METRICS: enumVar(['loopback', 'token', 'off'], 'loopback'),
  HOSTBAY_METRICS_TOKEN_FILE: z
    .string()
    .regex(/^\/\S+$/, 'expected the absolute path of the file that holds the token')
    .optional(),
};

export async function readMetricsConfig(env: Env): Promise<MetricsConfig> {
  const vars = readEnv(env, metricsShape);
  if (vars.HOSTBAY_METRICS !== 'token') return { mode: vars.HOSTBAY_METRICS };
  const file = vars.HOSTBAY_METRICS_TOKEN_FILE;
  if (file === undefined)
    throw new ConfigError('HOSTBAY_METRICS_TOKEN_FILE', 'expected a token file with HOSTBAY_METRICS=token', undefined);
  // Read once at start: a new token takes a restart, as a new JWT secret does.
  const token = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      throw new ConfigError(
        'HOSTBAY_METRICS_TOKEN_FILE',
        `cannot read the token file (${error.code ?? error.message})`,
        file,
      );
    },
  );
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
    throw new ConfigError(
      'HOSTBAY_METRICS_TOKEN_FILE',
      `expected a file holding one token of at least ${MIN_TOKEN_LENGTH} characters, no spaces (openssl rand -hex 32)`,
      file,
    );
  return { mode: 'token', token };
}
