import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { AccountInfo } from '../components/account/AccountInfo';
import { PlanCard } from '../components/account/PlanCard';
import { DeleteAccount } from '../components/account/DeleteAccount';
import { PasswordChangeForm } from '../components/account/PasswordChangeForm';
import { RecentActivity } from '../components/account/RecentActivity';
import { LANGUAGES, type Language } from '../i18n/languages';
import { selectUser, useAuthStore } from '../stores/authStore';
import { selectLanguage, selectSetLanguage, useSettingsStore } from '../stores/settingsStore';
import { PageHeader } from './PageHeader';

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const user = useAuthStore(selectUser);
  const language = useSettingsStore(selectLanguage);
  const setLanguage = useSettingsStore(selectSetLanguage);

  const choose = (next: Language) => {
    setLanguage(next);
    // The store switches i18next synchronously, so this toast is already in the new language.
    toast.success(i18n.t('settings.languageSaved'));
  };

  return (
    <>
      <PageHeader title={t('settings.title')} />
      <div className="settings-grid">
        {user && <AccountInfo user={user} title={t('settings.profile')} showRole />}
        <PlanCard />
        <section className="card" aria-labelledby="language-title">
          <fieldset className="radio-group">
            <legend className="card-title" id="language-title">
              {t('settings.language')}
            </legend>
            <p className="field-hint">{t('settings.languageHint')}</p>
            {LANGUAGES.map((code) => (
              <label key={code} className="radio">
                <input
                  type="radio"
                  name="language"
                  value={code}
                  checked={language === code}
                  onChange={() => choose(code)}
                />
                <span>{t(`languages.${code}`)}</span>
              </label>
            ))}
          </fieldset>
        </section>
        <PasswordChangeForm />
        <RecentActivity />
        <DeleteAccount />
      </div>
    </>
  );
}
