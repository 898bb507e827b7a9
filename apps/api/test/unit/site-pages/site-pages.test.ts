import { createHash } from 'node:crypto';
import type { HostingStatus } from '@hostbay/contract/hosting';
import { describe, expect, it } from 'vitest';
import { NunjucksSitePageRenderer } from '../../../src/modules/site-pages/nunjucks-site-page-renderer.js';
import { SITE_PAGE_REASONS } from '../../../src/modules/site-pages/site-page.messages.js';
import {
  SitePageService,
  type SiteState,
  type SiteStateLookup,
} from '../../../src/modules/site-pages/site-page.service.js';
import { VISITOR_LANGUAGES, visitorLanguage } from '../../../src/modules/site-pages/visitor-language.js';

/** Sites by username and by a member's own domain, as the repository would find them. */
class MemorySiteStates implements SiteStateLookup {
  readonly asked: string[] = [];
  constructor(
    private readonly users: Record<string, SiteState>,
    private readonly domains: Record<string, SiteState> = {},
  ) {}
  async byUsername(username: string) {
    this.asked.push(`user:${username}`);
    return this.users[username];
  }
  async byDomain(domain: string) {
    this.asked.push(`domain:${domain}`);
    return this.domains[domain];
  }
}

const renderer = new NunjucksSitePageRenderer();

function serviceWith(status: HostingStatus, suspended = false) {
  const lookup = new MemorySiteStates({ alice: { status, suspended } }, { 'www.alice.example': { status, suspended } });
  return { lookup, service: new SitePageService({ lookup, renderer, baseDomain: 'hosting.example.org' }) };
}

async function visit(status: HostingStatus, suspended = false, acceptLanguage?: string) {
  return serviceWith(status, suspended).service.page({ host: 'alice.hosting.example.org', acceptLanguage });
}

describe("visitors' pages of sites that do not answer", () => {
  it.each([
    ['STOPPED', 'stopped', 503, 3600],
    ['STOPPING', 'stopped', 503, 3600],
    ['STARTING', 'starting', 503, 30],
    ['REBOOTING', 'starting', 503, 30],
    ['RESTORING', 'starting', 503, 30],
    ['CREATING', 'creating', 503, 60],
    ['ERROR', 'error', 503, 3600],
    ['RUNNING', 'not-answering', 503, 30],
    ['DELETING', 'deleting', 404, undefined],
    ['DELETED', 'unknown', 404, undefined],
  ] as const)('a %s hosting: %s, %i, Retry-After %s', async (status, reason, code, retryAfter) => {
    const page = await visit(status);
    expect(page).toMatchObject({ reason, status: code, retryAfter, language: 'en' });
  });

  it('says suspended whatever the machine is doing, and 503 for an hour', async () => {
    for (const status of ['RUNNING', 'STOPPED', 'STOPPING'] as const) {
      expect(await visit(status, true)).toMatchObject({ reason: 'suspended', status: 503, retryAfter: 3600 });
    }
  });

  it('finds a site by its name under the base domain (any case, with a port or final dot) or by its own domain', async () => {
    const { lookup, service } = serviceWith('STOPPED');
    for (const host of ['alice.hosting.example.org', 'ALICE.Hosting.Example.org:8080', 'alice.hosting.example.org.']) {
      expect((await service.page({ host, acceptLanguage: undefined })).reason).toBe('stopped');
    }
    expect((await service.page({ host: 'www.alice.example', acceptLanguage: undefined })).reason).toBe('stopped');
    expect(lookup.asked).toEqual(['user:alice', 'user:alice', 'user:alice', 'domain:www.alice.example']);
  });

  it('answers 404 for a name nobody has, and does not look up what cannot be a site name', async () => {
    const { lookup, service } = serviceWith('STOPPED');
    expect(await service.page({ host: 'bob.hosting.example.org', acceptLanguage: undefined })).toMatchObject({
      reason: 'unknown',
      status: 404,
      retryAfter: undefined,
    });
    for (const host of [undefined, '', 'a.b.hosting.example.org', '<script>', 'x'.repeat(300), 'hosting.example.org']) {
      expect((await service.page({ host, acceptLanguage: undefined })).status).toBe(404);
    }
    expect(lookup.asked).toEqual(['user:bob', 'domain:hosting.example.org']);
  });

  it('renders the page in the visitor’s language, branded, without scripts, and nothing of the request', async () => {
    const korean = await visit('STOPPED', false, 'ko-KR,ko;q=0.9,en;q=0.8');
    expect(korean.language).toBe('ko');
    expect(korean.html).toContain('<html lang="ko">');
    expect(korean.html).toContain('이 사이트는 중지되어 있습니다');
    expect(korean.html).toContain('Hostbay');
    expect(korean.html).toContain('<meta name="robots" content="noindex">');
    const english = await visit('CREATING');
    expect(english.html).toContain('This site is being created');
    expect(english.html).not.toContain('alice');
    for (const language of VISITOR_LANGUAGES) {
      for (const reason of SITE_PAGE_REASONS) {
        const html = renderer.render(reason, language);
        expect(html).not.toMatch(/<script|\bon\w+=|\/var\/|hb-/i);
        // Tiny: one request, under 4 kB.
        expect(Buffer.byteLength(html)).toBeLessThan(4096);
        // Its one style is the one the route's Content-Security-Policy allows, by hash.
        const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
        expect(`sha256-${createHash('sha256').update(style).digest('base64')}`).toBe(renderer.styleHash);
      }
    }
  });
});

describe("the visitor's language", () => {
  it.each([
    ['ko-KR,ko;q=0.9,en;q=0.8', 'ko'],
    ['en;q=0.1, ko', 'ko'],
    ['en-US,en;q=0.9,ko;q=0.8', 'en'],
    ['ko;q=0, en;q=0.1', 'en'],
    ['fr-FR, ko;q=0.5', 'ko'],
    ['fr, de', 'en'],
    ['*', 'en'],
    ['ko;q=abc, en;q=0.2', 'en'],
    [';;;,,,q=1, ko;q=2', 'en'],
    ['\u0000garbage\uffff', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('%j is %s', (header, language) => {
    expect(visitorLanguage(header)).toBe(language);
  });
});
