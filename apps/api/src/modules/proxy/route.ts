import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { HOSTNAME_PATTERN, IPV4_PATTERN, USERNAME_PATTERN } from '@hostbay/contract/patterns';

/**
 * What the edge knows about one hosting. These schemas are the gate in front
 * of the nginx templates: Nunjucks autoescaping is for HTML and means nothing
 * in nginx syntax, so the only thing that keeps a value from injecting
 * directives (`;`, `{`, quotes, newlines) is that nothing but a DNS label, an
 * IPv4 literal and integer ports can pass these checks. The lifecycle has
 * validated the same values already; checking again here is defence in depth.
 */

export const EdgeUsername = z
  .string()
  .regex(USERNAME_PATTERN, 'expected a DNS label: a-z, 0-9 and -, 3 to 32 characters');

const Port = z.number().int().min(1).max(65535);

export const EdgeTarget = z.strictObject({
  host: z.string().regex(IPV4_PATTERN, 'expected an IPv4 address'),
  port: Port,
});
export type EdgeTarget = z.infer<typeof EdgeTarget>;

export const ProxyRoute = z.strictObject({
  username: EdgeUsername,
  webTarget: EdgeTarget,
  sshListenPort: Port,
  sshTarget: EdgeTarget,
  /**
   * The owner is suspended: the site answers the edge's own "suspended" page and the SSH port is not
   * forwarded. The targets stay, so that the route keeps its port and endpoint while suspended.
   * Optional: generations written before suspensions existed have no such field.
   */
  suspended: z.boolean().optional(),
});
export type ProxyRoute = z.infer<typeof ProxyRoute>;

/** A route (or username) that failed validation at the edge boundary; nothing was changed. */
export class InvalidRouteError extends ValidationError {}

function toValidationError(error: z.ZodError, prefix: string): InvalidRouteError {
  const fields = error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  return new InvalidRouteError('Invalid proxy route.', fields);
}

export function parseRoute(input: unknown): ProxyRoute {
  const result = ProxyRoute.safeParse(input);
  if (!result.success) throw toValidationError(result.error, '');
  return result.data;
}

export function parseUsername(input: unknown): string {
  const result = EdgeUsername.safeParse(input);
  if (!result.success) throw toValidationError(result.error, 'username');
  return result.data;
}

/** Routes compare by value; a re-sent identical route changes nothing. */
export function sameRoute(a: ProxyRoute, b: ProxyRoute): boolean {
  return (
    a.username === b.username &&
    a.webTarget.host === b.webTarget.host &&
    a.webTarget.port === b.webTarget.port &&
    a.sshListenPort === b.sshListenPort &&
    a.sshTarget.host === b.sshTarget.host &&
    a.sshTarget.port === b.sshTarget.port &&
    (a.suspended ?? false) === (b.suspended ?? false)
  );
}

/** A member's own domain: a DNS name in lower case. */
const AliasDomain = z.string().regex(HOSTNAME_PATTERN, 'expected a DNS name');

/**
 * What the edge serves beside the routes: members' own domains, each an alias of a member's site,
 * sharing its backend. They come from the database through the TLS module; validated here like
 * routes. (Certificates are files the edge finds by name: see tls-server.conf.njk.)
 */
export const EdgeNames = z.strictObject({
  aliases: z.array(z.strictObject({ domain: AliasDomain, username: EdgeUsername })),
});
export type EdgeNames = z.infer<typeof EdgeNames>;

export const NO_EDGE_NAMES: EdgeNames = { aliases: [] };

export function parseEdgeNames(input: unknown): EdgeNames {
  const result = EdgeNames.safeParse(input);
  if (!result.success) throw toValidationError(result.error, 'names');
  // In one order, so that equal sets compare equal and render the same files.
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { aliases: [...result.data.aliases].sort((a, b) => byText(a.domain, b.domain)) };
}

export function sameEdgeNames(a: EdgeNames, b: EdgeNames): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
