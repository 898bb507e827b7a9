import { i18n } from './i18n';

let loading: Promise<void> | undefined;

/**
 * The machine console page's texts, in both languages, added to i18next when the page is first opened
 * (it loads lazily with them): the first screen stays inside its bundle budget (scripts/check-bundle.mjs).
 */
export function loadMachineConsoleMessages(): Promise<void> {
  loading ??= Promise.all([import('./messages/machine-console.en'), import('./messages/machine-console.ko')]).then(
    ([{ machineConsoleEn }, { machineConsoleKo }]) => {
      i18n.addResourceBundle('en', 'translation', { machineConsole: machineConsoleEn }, true, true);
      i18n.addResourceBundle('ko', 'translation', { machineConsole: machineConsoleKo }, true, true);
    },
  );
  return loading;
}
