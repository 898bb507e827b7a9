import { i18n } from './i18n';

let loading: Promise<void> | undefined;

/**
 * The "Publish your site" card's texts, in both languages, added to i18next when the card is first loaded
 * (it loads lazily with them): the first screen stays inside its bundle budget (scripts/check-bundle.mjs).
 */
export function loadPublishMessages(): Promise<void> {
  loading ??= Promise.all([import('./messages/publish.en'), import('./messages/publish.ko')]).then(
    ([{ publishEn }, { publishKo }]) => {
      i18n.addResourceBundle('en', 'translation', { publish: publishEn }, true, true);
      i18n.addResourceBundle('ko', 'translation', { publish: publishKo }, true, true);
    },
  );
  return loading;
}
