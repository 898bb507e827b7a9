import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { MetricsConfig } from '../../config/metrics.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';

/** The scrape client as the HTTP layer sees it: its address after HOSTBAY_TRUST_PROXY, and its Authorization. */
export interface ScrapeClient {
  ip: string;
  authorization: string | undefined;
}

/**
 * Who may read /metrics (HOSTBAY_METRICS); a member's or an admin's login
 * counts for nothing here. `loopback` judges the address the API believes:
 * through Hostbay's edge that is the address the edge saw (it sets
 * X-Forwarded-For, never appends to it), so a remote client is refused
 * however it comes. `token` compares digests in constant time, so that the
 * time of a refusal tells nothing of how much of a guess was right.
 */
export class ScrapeAccess {
  readonly #digest: Buffer | undefined;

  constructor(private readonly settings: Exclude<MetricsConfig, { mode: 'off' }>) {
    this.#digest = settings.mode === 'token' ? digest(settings.token) : undefined;
  }

  /** Throws ForbiddenError (403) or UnauthenticatedError (401) when `client` may not scrape. */
  check(client: ScrapeClient): void {
    if (this.settings.mode === 'loopback') {
      if (!isLoopback(client.ip))
        throw new ForbiddenError('Metrics are served only to this machine (HOSTBAY_METRICS=loopback).');
      return;
    }
    const sent = /^Bearer (\S+)$/i.exec(client.authorization?.trim() ?? '')?.[1];
    if (sent === undefined || !this.#digest || !timingSafeEqual(digest(sent), this.#digest))
      throw new UnauthenticatedError('Send the metrics token as a bearer token (HOSTBAY_METRICS=token).');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6 (`::ffff:127.0.0.1`, what a dual-stack socket reports). */
export function isLoopback(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === 'loopback';
}
