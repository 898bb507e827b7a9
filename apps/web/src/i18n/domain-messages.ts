import { i18n } from './i18n';

let loading: Promise<void> | undefined;

/**
 * The domains card's texts, in both languages, added to i18next when the card is first
 * loaded (it loads lazily with them): the first screen stays inside its bundle budget
 * (scripts/check-bundle.mjs).
 */
export function loadDomainMessages(): Promise<void> {
  loading ??= Promise.all([import('./messages/domains.en'), import('./messages/domains.ko')]).then(
    ([{ domainsEn }, { domainsKo }]) => {
      i18n.addResourceBundle('en', 'translation', { domains: domainsEn }, true, true);
      i18n.addResourceBundle('ko', 'translation', { domains: domainsKo }, true, true);
    },
  );
  return loading;
}
