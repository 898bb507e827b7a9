import { i18n } from './i18n';

let loading: Promise<void> | undefined;

/**
 * The usage card's texts, in both languages, added to i18next when the card is first loaded
 * (it loads lazily with them and its chart library): the first screen stays inside its bundle
 * budget (scripts/check-bundle.mjs).
 */
export function loadUsageMessages(): Promise<void> {
  loading ??= Promise.all([import('./messages/usage.en'), import('./messages/usage.ko')]).then(
    ([{ usageEn }, { usageKo }]) => {
      i18n.addResourceBundle('en', 'translation', { usage: usageEn }, true, true);
      i18n.addResourceBundle('ko', 'translation', { usage: usageKo }, true, true);
    },
  );
  return loading;
}
