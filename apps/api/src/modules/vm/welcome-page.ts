import path from 'node:path';
import { publishCommands, WEB_ROOT } from '@hostbay/contract/publish-commands';
import nunjucks from 'nunjucks';
import { HOSTBAY_ROOT } from '../../config/paths.js';
import type { PublicAccess } from './vm.spec.js';
import { WELCOME_MESSAGES, type WelcomeLanguage } from './welcome-page.messages.js';

/** What the welcome page says; the same on the cloud-init path (seed-content.ts) and the instant path (guest-personalisation.ts). */
export interface WelcomePageInput {
  username: string;
  /** How the member reaches the machine; absent, the page names no commands and points to the dashboard. */
  access?: PublicAccess;
  /** How the member logs in: their key, or the password the hosting was made with. */
  login: 'key' | 'password';
}

const env = new nunjucks.Environment(
  new nunjucks.FileSystemLoader(path.join(HOSTBAY_ROOT, 'apps/api/templates/guest')),
  {
    autoescape: true,
    throwOnUndefined: true,
  },
);

/** Korean first, as on Hostbay's other bilingual pages; each section links to the other. */
const ORDER: readonly [WelcomeLanguage, WelcomeLanguage][] = [
  ['ko', 'en'],
  ['en', 'ko'],
];

/**
 * The page a new hosting's site starts with, at /var/www/html/index.html: this
 * hosting's own commands to replace it (the dashboard's "Publish your site"
 * card shows the same, from the same publishCommands), in Korean and English.
 * The values were validated on their way here (VmSpec); the template escapes
 * them anyway. The English heading `Welcome, <username>!` is what the tests
 * and a member look for: it occurs once.
 */
export function welcomePage(input: WelcomePageInput): string {
  const { access } = input;
  return env.render('welcome.html.njk', {
    username: input.username,
    login: input.login,
    access: access ?? null,
    commands: access ? publishCommands({ user: input.username, host: access.sshHost, port: access.sshPort }) : null,
    webRoot: WEB_ROOT,
    sections: ORDER.map(([lang, other]) => ({
      lang,
      other,
      text: WELCOME_MESSAGES[lang],
      heading: WELCOME_MESSAGES[lang].heading(input.username),
    })),
  });
}
