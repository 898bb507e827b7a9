import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { HOSTBAY_ROOT } from '../../config/paths.js';
import { SITE_PAGE_REASONS, SITE_PAGE_TEXT, type SitePageReason } from './site-page.messages.js';
import type { SitePageRenderer } from './site-page.service.js';
import { VISITOR_LANGUAGES, type VisitorLanguage } from './visitor-language.js';

export const DEFAULT_SITE_PAGE_TEMPLATE_DIR = path.join(HOSTBAY_ROOT, 'apps/api/templates/site-pages');

/**
 * Visitors' pages from apps/api/templates/site-pages, autoescaped. There are only
 * reasons × languages of them and none carries anything of the request, so each is
 * rendered once, here, and a visit costs a map lookup.
 */
export class NunjucksSitePageRenderer implements SitePageRenderer {
  /** For the page's Content-Security-Policy: its one inline style, by hash; nothing else may load. */
  readonly styleHash: string;
  private readonly pages = new Map<string, string>();

  constructor(templateDir: string = DEFAULT_SITE_PAGE_TEMPLATE_DIR) {
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templateDir), {
      autoescape: true,
      throwOnUndefined: true,
    });
    const css = readFileSync(path.join(templateDir, 'site-page.css'), 'utf8').trim();
    this.styleHash = `sha256-${createHash('sha256').update(css).digest('base64')}`;
    for (const language of VISITOR_LANGUAGES) {
      const texts = SITE_PAGE_TEXT[language];
      for (const reason of SITE_PAGE_REASONS) {
        const html = env.render('site-page.html.njk', { css, language, text: texts[reason], footer: texts.footer });
        this.pages.set(key(reason, language), html);
      }
    }
  }

  render(reason: SitePageReason, language: VisitorLanguage): string {
    const html = this.pages.get(key(reason, language));
    if (html === undefined) throw new Error(`no visitor page for ${reason} in ${language}`);
    return html;
  }
}

function key(reason: SitePageReason, language: VisitorLanguage): string {
  return `${reason}/${language}`;
}
