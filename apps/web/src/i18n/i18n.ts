import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { useSettingsStore } from '../stores/settingsStore';
import type { adminEn } from './messages/admin/console.en';
import type { machineConsoleEn } from './messages/machine-console.en';
import type { domainsEn } from './messages/domains.en';
import type { snapshotsEn } from './messages/snapshots.en';
import type { usageEn } from './messages/usage.en';
import type { publishEn } from './messages/publish.en';
import { en } from './messages/en';
import { ko } from './messages/ko';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The operator console's texts are typed here but loaded with its pages (admin-messages.ts);
    // the domains, snapshots and usage cards', with each card (domain-messages.ts, snapshot-messages.ts,
    // usage-messages.ts) and the publish card (publish-messages.ts); the machine console page's, with the page
    // (machine-console-messages.ts).
    resources: {
      translation: typeof en & {
        admin: typeof adminEn;
        machineConsole: typeof machineConsoleEn;
        domains: typeof domainsEn;
        snapshots: typeof snapshotsEn;
        usage: typeof usageEn;
        publish: typeof publishEn;
      };
    };
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: useSettingsStore.getState().language,
  fallbackLng: 'en',
  // React escapes output itself.
  interpolation: { escapeValue: false },
  initAsync: false,
});

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

applyLanguage(useSettingsStore.getState().language);
useSettingsStore.subscribe((state) => applyLanguage(state.language));
