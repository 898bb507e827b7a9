import { HOSTNAME_PATTERN } from '@hostbay/contract/patterns';
import { SignupMode } from '@hostbay/contract/signup';
import { z } from 'zod';
import { ConfigError, durationVar, readEnv, type Env } from './env-reader.js';

/** Who may join (HOSTBAY_SIGNUP) and, in `domains` mode, with which email domains. */
export interface SignupSettings {
  mode: SignupMode;
  /** Lower case. `domains` mode: at least one; an address matches only a listed domain exactly, not a subdomain. */
  emailDomains: readonly string[];
}

/** How operators run Hostbay for their members: who may join, the audit log. */
export interface OperatorsConfig {
  signup: SignupSettings;
  /** How long audit entries are kept; older ones are pruned at start and once a day. */
  auditRetentionDays: number;
}

const domainsExpectation = 'expected comma-separated email domains such as school.example,staff.school.example';

const operatorsShape = {
  HOSTBAY_SIGNUP: z
    .enum(SignupMode.options, { message: `expected one of ${SignupMode.options.join(', ')}` })
    .default('open'),
  HOSTBAY_SIGNUP_EMAIL_DOMAINS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const domains = text
        .split(',')
        .map((item) => item.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean);
      if (domains.some((domain) => !HOSTNAME_PATTERN.test(domain) || !domain.includes('.'))) {
        ctx.addIssue({ code: 'custom', message: domainsExpectation });
        return z.NEVER;
      }
      return [...new Set(domains)];
    }),
  HOSTBAY_AUDIT_RETENTION: durationVar('365d', 86_400, 3650 * 86_400),
};

export function readOperatorsConfig(env: Env): OperatorsConfig {
  const vars = readEnv(env, operatorsShape);
  if (vars.HOSTBAY_SIGNUP === 'domains' && vars.HOSTBAY_SIGNUP_EMAIL_DOMAINS.length === 0)
    throw new ConfigError(
      'HOSTBAY_SIGNUP_EMAIL_DOMAINS',
      `${domainsExpectation}: HOSTBAY_SIGNUP=domains needs one`,
      undefined,
    );
  return {
    signup: { mode: vars.HOSTBAY_SIGNUP, emailDomains: vars.HOSTBAY_SIGNUP_EMAIL_DOMAINS },
    auditRetentionDays: Math.floor(vars.HOSTBAY_AUDIT_RETENTION / 86_400),
  };
}

/**
 * The dashboard's address as members reach it (the base domain, with the
 * public scheme and port), for links an admin hands out.
 */
export function dashboardUrl(address: { scheme: 'http' | 'https'; baseDomain: string; port: number }): string {
  const standard = address.scheme === 'https' ? 443 : 80;
  return `${address.scheme}://${address.baseDomain}${address.port === standard ? '' : `:${address.port}`}`;
}
