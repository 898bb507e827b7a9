// @vitest-environment jsdom
import { publishCommands } from '@hostbay/contract/publish-commands';
import { describe, expect, it } from 'vitest';
import type { PublicAccess } from '../../../src/modules/vm/vm.spec.js';
import { welcomePage, type WelcomePageInput } from '../../../src/modules/vm/welcome-page.js';

const access: PublicAccess = {
  siteUrl: 'http://alice.hosting.example.org:8080/',
  sshHost: 'hosting.example.org',
  sshPort: 2201,
};
const alice: WelcomePageInput = { username: 'alice', login: 'key', access };

/**
 * The few DOM calls these tests make, typed here: the API's tests compile without the DOM library (adding it
 * would change Node's types for every file), while this file runs in jsdom's environment.
 */
interface Element {
  readonly textContent: string | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
}
interface Document extends Element {
  readonly title: string;
}
declare const DOMParser: new () => { parseFromString(html: string, type: 'text/html'): Document };

/** The page as a browser reads it. */
function read(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function section(doc: Document, lang: 'ko' | 'en'): Element {
  const found = doc.querySelector(`section[lang="${lang}"]`);
  if (!found) throw new Error(`no ${lang} section`);
  return found;
}

function texts(root: Element, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector)).map((node) => node.textContent ?? '');
}

/** The app settings as label → value pairs. */
function settings(root: Element): Record<string, string> {
  const labels = texts(root, 'dt');
  const values = texts(root, 'dd');
  return Object.fromEntries(labels.map((label, i) => [label, values[i] ?? '']));
}

describe('the welcome page a new site starts with', () => {
  it('greets the member in Korean and in English, each part marked with its language', () => {
    const html = welcomePage(alice);
    const doc = read(html);
    expect(texts(section(doc, 'ko'), 'h1')).toEqual(['alice님, 환영합니다!']);
    expect(texts(section(doc, 'en'), 'h1')).toEqual(['Welcome, alice!']);
    // Tests on real machines grep the file for it: exactly once.
    expect(html.match(/Welcome, alice/g)).toHaveLength(1);
    // Korean wraps between words, not inside them.
    expect(doc.querySelector('style')?.textContent).toContain('[lang=ko]{word-break:keep-all}');
    expect(section(doc, 'ko').querySelector('a[href="#en"]')?.textContent).toBe('English');
    expect(section(doc, 'en').querySelector('a[href="#ko"]')?.textContent).toBe('한국어');
  });

  it("gives this hosting's own commands, the dashboard card's, in both languages", () => {
    const doc = read(welcomePage(alice));
    const commands = publishCommands({ user: 'alice', host: 'hosting.example.org', port: 2201 });
    for (const lang of ['ko', 'en'] as const) {
      const part = section(doc, lang);
      expect(texts(part, 'pre')).toEqual([
        commands.scpUnix,
        commands.scpWindows,
        commands.rsync,
        commands.sftp,
        commands.ssh,
        'chmod -R a+rX /var/www/html',
      ]);
      expect(part.querySelector(`a[href="${access.siteUrl}"]`)?.textContent).toBe(access.siteUrl);
      expect(Object.values(settings(part))).toEqual([
        'SFTP',
        'hosting.example.org',
        '2201',
        'alice',
        expect.stringContaining('id_ed25519'),
        '/var/www/html',
      ]);
    }
    expect(commands.scpUnix).toBe('scp -P 2201 -r ./site/* alice@hosting.example.org:/var/www/html/');
  });

  it('tells a member with a password to type it, and one with a key to use the key', () => {
    const withKey = section(read(welcomePage(alice)), 'en');
    expect(settings(withKey)).toMatchObject({ 'Key file': expect.stringContaining('private key') });
    expect(withKey.textContent).toContain('Your SSH key logs you in.');
    expect(withKey.textContent).toContain('Permission denied (publickey)');

    const withPassword = read(welcomePage({ ...alice, login: 'password' }));
    expect(settings(section(withPassword, 'en'))).toMatchObject({ Password: 'your SSH password' });
    expect(settings(section(withPassword, 'ko'))).toMatchObject({ 비밀번호: 'SSH 비밀번호' });
    expect(section(withPassword, 'en').textContent).toContain('Type your SSH password when it asks.');
    expect(section(withPassword, 'en').textContent).not.toContain('Key file');
  });

  it('without a public SSH port it names no commands and sends the member to the dashboard', () => {
    const doc = read(welcomePage({ username: 'alice', login: 'key' }));
    expect(doc.querySelectorAll('pre')).toHaveLength(0);
    expect(texts(section(doc, 'en'), 'h1')).toEqual(['Welcome, alice!']);
    expect(section(doc, 'en').textContent).toContain('“Publish your site” card');
    expect(section(doc, 'ko').textContent).toContain('“사이트 게시하기” 카드');
  });

  it('runs no script and loads nothing from elsewhere', () => {
    const doc = read(welcomePage(alice));
    expect(doc.querySelectorAll('script, link, img, iframe, [src]')).toHaveLength(0);
    const handlers = Array.from(doc.querySelectorAll('*')).flatMap((node) =>
      node.getAttributeNames().filter((name) => name.startsWith('on')),
    );
    expect(handlers).toEqual([]);
  });

  it('shows hostile-looking values as text, never as markup', () => {
    // The values are validated before they get here (VmSpec); the page is safe on its own anyway.
    const username = '<script>alert("x")</script>';
    const doc = read(
      welcomePage({
        username,
        login: 'key',
        access: {
          siteUrl: 'http://alice.example.org/"><img src=x onerror=alert(1)>',
          sshHost: "evil.example'><iframe src=//x>",
          sshPort: 2201,
        },
      }),
    );
    expect(doc.querySelectorAll('script, img, iframe, [onerror]')).toHaveLength(0);
    expect(texts(section(doc, 'en'), 'h1')).toEqual([`Welcome, ${username}!`]);
    expect(doc.title).toBe(`${username} · Hostbay`);
    expect(settings(section(doc, 'en'))).toMatchObject({ Host: "evil.example'><iframe src=//x>" });
    expect(section(doc, 'en').querySelector('p:not(.other) a')?.getAttribute('href')).toBe(
      'http://alice.example.org/"><img src=x onerror=alert(1)>',
    );
  });

  it('stays under 8 kB with the longest name, domain and port', () => {
    const longest: WelcomePageInput = {
      username: 'a'.repeat(32),
      login: 'key',
      access: {
        siteUrl: `http://${'a'.repeat(32)}.${'b'.repeat(40)}.example.org:65535/`,
        sshHost: `${'b'.repeat(40)}.example.org`,
        sshPort: 65535,
      },
    };
    for (const login of ['key', 'password'] as const) {
      expect(Buffer.byteLength(welcomePage({ ...longest, login }))).toBeLessThan(8 * 1024);
    }
  });
});
