import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { detectLanguage, type Language } from '../i18n/languages';

interface SettingsState {
  language: Language;
  setLanguage: (language: Language) => void;
}

/** Client preferences, remembered in localStorage. The first language comes from the browser. */
export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      language: detectLanguage(typeof navigator === 'undefined' ? [] : navigator.languages),
      setLanguage: (language) => set({ language }),
    }),
    {
      name: 'hostbay.settings',
      storage: createJSONStorage(() => window.localStorage),
      partialize: (state) => ({ language: state.language }),
    },
  ),
);

export const selectLanguage = (state: SettingsState) => state.language;
export const selectSetLanguage = (state: SettingsState) => state.setLanguage;
