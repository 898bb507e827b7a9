import { i18n } from './i18n';

let loading: Promise<void> | undefined;

/**
 * The snapshots card's texts, in both languages, added to i18next when the card is first
 * loaded (it loads lazily with them): the first screen stays inside its bundle budget
 * (scripts/check-bundle.mjs).
 */
export function loadSnapshotMessages(): Promise<void> {
  loading ??= Promise.all([import('./messages/snapshots.en'), import('./messages/snapshots.ko')]).then(
    ([{ snapshotsEn }, { snapshotsKo }]) => {
      i18n.addResourceBundle('en', 'translation', { snapshots: snapshotsEn }, true, true);
      i18n.addResourceBundle('ko', 'translation', { snapshots: snapshotsKo }, true, true);
    },
  );
  return loading;
}
