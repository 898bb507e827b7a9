import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { NunjucksSitePageRenderer } from '../modules/site-pages/nunjucks-site-page-renderer.js';
import { SitePageService } from '../modules/site-pages/site-page.service.js';
import { SiteStateRepository } from '../modules/site-pages/site-state.repository.js';

/** Visitors' pages for sites that do not answer: the route's service and its page's style hash (for the CSP). */
export function composeSitePages(
  db: Kysely<Database>,
  baseDomain: string,
): { pages: SitePageService; styleHash: string } {
  const renderer = new NunjucksSitePageRenderer();
  const pages = new SitePageService({ lookup: new SiteStateRepository(db), renderer, baseDomain });
  return { pages, styleHash: renderer.styleHash };
}
