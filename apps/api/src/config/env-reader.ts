import { z } from 'zod';

/** Raised when a HOSTBAY_* variable is malformed. Its message is the one line start-up prints. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
    readonly received: string | undefined,
  ) {
    super(`${variable}: ${expectation}` + (received === undefined ? '' : ` (got ${JSON.stringify(received)})`));
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the HOSTBAY_* variables that `shape` names. Every schema in a shape
 * carries a message that says what the variable expects; the first problem
 * becomes one ConfigError naming the variable.
 */
export function readEnv<Shape extends z.ZodRawShape>(env: Env, shape: Shape): z.output<z.ZodObject<Shape>> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    // An empty variable means "not set": `HOSTBAY_X= ./hostbay up` should not be an error.
    picked[key] = value === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(picked);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  throw new ConfigError(variable, issue?.message ?? 'is invalid', picked[variable]);
}

/** Integer variable within bounds, with a default. */
export function intVar(defaultValue: number, min: number, max: number) {
  const expectation = `expected an integer from ${min} to ${max}`;
  return z
    .string({ message: expectation })
    .regex(/^\d+$/, expectation)
    .transform(Number)
    .refine((n) => n >= min && n <= max, expectation)
    .prefault(String(defaultValue));
}

/** A comma-separated list (empty when unset), each item matching `pattern`. */
export function listVar(pattern: RegExp, expectation: string) {
  return z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(pattern, expectation)));
}

/** One of a fixed set of words. */
export function enumVar<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  const expectation = `expected one of ${values.join(', ')}`;
  return z.enum(values, { message: expectation }).default(defaultValue);
}

/** A port range written `FIRST-LAST`, inclusive. */
export function portRangeVar(defaultValue: string) {
  const expectation = 'expected a port range FIRST-LAST with 1024 <= FIRST <= LAST <= 65535';
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const match = /^(\d+)-(\d+)$/.exec(text);
      const first = Number(match?.[1]);
      const last = Number(match?.[2]);
      if (!match || first < 1024 || last > 65535 || first > last) {
        ctx.addIssue({ code: 'custom', message: expectation });
        return z.NEVER;
      }
      return { first, last };
    });
}

const DURATION_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A duration such as `90`, `15m`, `12h` or `7d`, returned in seconds. */
export function durationVar(defaultValue: string, minSeconds: number, maxSeconds: number) {
  const expectation = `expected a duration such as 90s, 15m, 12h or 7d, from ${minSeconds}s to ${maxSeconds}s`;
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const match = /^(\d+)([smhd]?)$/.exec(text);
      const unit = (match?.[2] || 's') as keyof typeof DURATION_UNITS;
      const seconds = Number(match?.[1]) * DURATION_UNITS[unit];
      if (!match || seconds < minSeconds || seconds > maxSeconds) {
        ctx.addIssue({ code: 'custom', message: expectation });
        return z.NEVER;
      }
      return seconds;
    });
}

/** A rate limit written `COUNT/DURATION`, e.g. `10/15m`. */
export function rateVar(defaultValue: string) {
  const expectation = 'expected COUNT/DURATION such as 10/15m (a count of 1 or more per 1s to 7d)';
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const match = /^(\d+)\/(\d+)([smhd]?)$/.exec(text);
      const points = Number(match?.[1]);
      const unit = (match?.[3] || 's') as keyof typeof DURATION_UNITS;
      const seconds = Number(match?.[2]) * DURATION_UNITS[unit];
      if (!match || points < 1 || seconds < 1 || seconds > 7 * 86400) {
        ctx.addIssue({ code: 'custom', message: expectation });
        return z.NEVER;
      }
      return { points, seconds };
    });
}

/** A comma-separated list of IPv4 and IPv6 networks (`10.0.0.0/8,fc00::/7`); `none` is the empty list. */
export function cidrListVar(defaultValue: readonly string[]) {
  const expectation = 'expected comma-separated networks such as 10.0.0.0/8,fd00::/8, or none';
  const cidr = z.union([z.cidrv4(), z.cidrv6()]);
  return z
    .string()
    .default(defaultValue.join(',') || 'none')
    .transform((text, ctx) => {
      if (text.trim() === 'none') return [];
      const items = text.split(',').map((item) => item.trim());
      if (items.some((item) => !cidr.safeParse(item).success)) {
        ctx.addIssue({ code: 'custom', message: expectation });
        return z.NEVER;
      }
      return items;
    });
}
