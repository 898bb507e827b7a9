import type { HostingStatus } from '@hostbay/contract/hosting';
import { HOSTNAME_PATTERN, USERNAME_PATTERN } from '@hostbay/contract/patterns';
import type { SitePageReason } from './site-page.messages.js';
import { visitorLanguage, type VisitorLanguage } from './visitor-language.js';

/** What the page needs to know of a site: its hosting's state, never more. */
export interface SiteState {
  status: HostingStatus;
  /** The owner is suspended (or their hosting is still held by a suspension). */
  suspended: boolean;
}

/** Finds a site by its name: one indexed lookup each, as every failed visit asks. */
export interface SiteStateLookup {
  byUsername(username: string): Promise<SiteState | undefined>;
  byDomain(domain: string): Promise<SiteState | undefined>;
}

export interface SitePageRenderer {
  render(reason: SitePageReason, language: VisitorLanguage): string;
}

export interface SitePage {
  status: 404 | 503;
  /** Seconds, for `Retry-After`; only on a 503. */
  retryAfter: number | undefined;
  language: VisitorLanguage;
  reason: SitePageReason;
  html: string;
}

/** A short wait where the site comes back by itself within a minute or two, an hour where a person must act. */
export const RETRY_SOON_SECONDS = 30;
export const RETRY_CREATING_SECONDS = 60;
export const RETRY_LATER_SECONDS = 3600;

/**
 * Why a site does not answer, and what that means to crawlers and monitors: 503 with Retry-After
 * while it will come back (so search engines keep it), 404 when there is no site or it is going away.
 */
export function pageFor(site: SiteState | undefined): Pick<SitePage, 'status' | 'retryAfter' | 'reason'> {
  const reason = reasonFor(site);
  switch (reason) {
    case 'unknown':
    case 'deleting':
      return { reason, status: 404, retryAfter: undefined };
    case 'starting':
    case 'not-answering':
      return { reason, status: 503, retryAfter: RETRY_SOON_SECONDS };
    case 'creating':
      return { reason, status: 503, retryAfter: RETRY_CREATING_SECONDS };
    case 'stopped':
    case 'error':
    case 'suspended':
      return { reason, status: 503, retryAfter: RETRY_LATER_SECONDS };
  }
}

function reasonFor(site: SiteState | undefined): SitePageReason {
  if (!site || site.status === 'DELETED') return 'unknown';
  if (site.status === 'DELETING') return 'deleting';
  if (site.suspended) return 'suspended';
  switch (site.status) {
    case 'CREATING':
      return 'creating';
    case 'STARTING':
    case 'REBOOTING':
    case 'RESTORING':
      return 'starting';
    case 'STOPPING':
    case 'STOPPED':
      return 'stopped';
    case 'ERROR':
      return 'error';
    case 'RUNNING':
      // Running, yet the edge could not reach it: the guest is booting or its web server is down.
      return 'not-answering';
  }
}

/**
 * The page a visitor of a site that does not answer gets. The edge asks for it, naming the Host
 * the visitor asked for; a name that is neither `<username>.<base-domain>` nor a well-formed domain
 * is unknown without a lookup.
 */
export class SitePageService {
  private readonly suffix: string;

  constructor(private readonly deps: { lookup: SiteStateLookup; renderer: SitePageRenderer; baseDomain: string }) {
    this.suffix = `.${deps.baseDomain.toLowerCase()}`;
  }

  async page(visit: { host: string | undefined; acceptLanguage: string | undefined }): Promise<SitePage> {
    const language = visitorLanguage(visit.acceptLanguage);
    const site = await this.find(visit.host);
    const answer = pageFor(site);
    return { ...answer, language, html: this.deps.renderer.render(answer.reason, language) };
  }

  private async find(host: string | undefined): Promise<SiteState | undefined> {
    const name = host && siteName(host);
    if (!name) return undefined;
    if (name.endsWith(this.suffix)) {
      const username = name.slice(0, -this.suffix.length);
      return USERNAME_PATTERN.test(username) ? this.deps.lookup.byUsername(username) : undefined;
    }
    return this.deps.lookup.byDomain(name);
  }
}

/** The host name of a Host header (lower case, without port or final dot), or undefined when it is not one. */
function siteName(host: string): string | undefined {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/:\d{1,5}$/, '')
    .replace(/\.$/, '');
  return name.length <= 253 && HOSTNAME_PATTERN.test(name) ? name : undefined;
}
