// Screenshots of the visitors' pages (what a visitor of a site that does not answer sees) at phone,
// tablet and desktop widths, into docs/screenshots/site-page-<reason>-<lang>-<width>.png.
// Run from the repository root after building apps/api (tsc -b apps/api), with Chromium installed:
//   node apps/api/scripts/site-page-screenshots.mjs [path to Chromium, /usr/bin/chromium by default]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { HOSTBAY_ROOT } from '../dist/config/paths.js';
import { NunjucksSitePageRenderer } from '../dist/modules/site-pages/nunjucks-site-page-renderer.js';

const REASONS = ['stopped', 'starting', 'creating', 'unknown'];
const LANGUAGES = ['en', 'ko'];
const WIDTHS = [375, 768, 1280];

const renderer = new NunjucksSitePageRenderer();
const browser = await chromium.launch({
  executablePath: process.argv[2] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const width of WIDTHS) {
    const page = await browser.newPage({ viewport: { width, height: width < 700 ? 740 : 800 } });
    for (const reason of REASONS) {
      for (const language of LANGUAGES) {
        await page.setContent(renderer.render(reason, language));
        const file = path.join(HOSTBAY_ROOT, 'docs/screenshots', `site-page-${reason}-${language}-${width}.png`);
        await page.screenshot({ path: file });
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
}
