import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { LANGUAGES, type Language } from '../i18n/languages';
import { formatDate } from '../lib/format';
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
        <section className="card" aria-labelledby="profile-title">
          <h2 className="card-title" id="profile-title">
            {t('settings.profile')}
          </h2>
          {user && (
            <dl className="info-list">
              <div className="info-row">
                <dt>{t('settings.username')}</dt>
                <dd>{user.username}</dd>
              </div>
              <div className="info-row">
                <dt>{t('settings.email')}</dt>
                <dd>{user.email}</dd>
              </div>
              <div className="info-row">
                <dt>{t('settings.role')}</dt>
                <dd>{user.is_admin ? t('settings.admin') : t('settings.member')}</dd>
              </div>
              <div className="info-row">
                <dt>{t('settings.memberSince')}</dt>
                <dd>{formatDate(user.created_at, i18n.language)}</dd>
              </div>
            </dl>
          )}
        </section>
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
      </div>
    </>
  );
}
