import { i18n } from './i18n';

let loading: Promise<void> | undefined;

/**
 * The operator console's texts, in both languages, added to i18next when an
 * admin page is first opened: members never download them, and the first
 * screen stays inside its bundle budget (scripts/check-bundle.mjs).
 */
export function loadAdminMessages(): Promise<void> {
  loading ??= Promise.all([import('./messages/admin/console.en'), import('./messages/admin/console.ko')]).then(
    ([{ adminEn }, { adminKo }]) => {
      i18n.addResourceBundle('en', 'translation', { admin: adminEn }, true, true);
      i18n.addResourceBundle('ko', 'translation', { admin: adminKo }, true, true);
    },
  );
  return loading;
}
