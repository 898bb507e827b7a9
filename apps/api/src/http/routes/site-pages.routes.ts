import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SitePageService } from '../../modules/site-pages/site-page.service.js';

/** What the edge sends: the Host the visitor asked for, and the visitor's Accept-Language (both loosely: a visitor wrote them). */
const SitePageHeaders = z
  .object({
    'x-hostbay-site-host': z.string().optional().describe('The Host the visitor asked for (set by the edge)'),
    'accept-language': z.string().optional(),
  })
  .passthrough();

/**
 * The page a visitor of a member's site gets when the site does not answer; the edge asks for it
 * (http.conf.njk). Public and read-only: it says only whether the site exists and what it is doing,
 * which visiting the site says too.
 */
export const sitePageRoutes: FastifyPluginAsyncZod<{ pages: SitePageService; styleHash: string }> = async (
  app,
  { pages, styleHash },
) => {
  // The page's only resource is its inline style: nothing else may load, run or frame it.
  const policy = `default-src 'none'; style-src '${styleHash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
  app.get(
    '/unavailable',
    {
      config: { access: 'public' },
      schema: {
        // The edge's, not a client's: its 404 and 503 are HTML pages for a site's visitors, not the API's envelope.
        hide: true,
        summary: 'The visitors’ page of a site that does not answer (asked for by the edge)',
        headers: SitePageHeaders,
      },
    },
    async (request, reply) => {
      const page = await pages.page({
        host: request.headers['x-hostbay-site-host'],
        acceptLanguage: request.headers['accept-language'],
      });
      if (page.retryAfter !== undefined) reply.header('retry-after', String(page.retryAfter));
      return reply
        .code(page.status)
        .type('text/html; charset=utf-8')
        .header('content-language', page.language)
        .header('vary', 'Accept-Language')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .header('content-security-policy', policy)
        .send(page.html);
    },
  );
};
