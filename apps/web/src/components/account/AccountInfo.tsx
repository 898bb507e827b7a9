import type { User } from '@hostbay/contract/user';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';

interface AccountInfoProps {
  user: User;
  /** The card's heading: "Your account" on the dashboard, "Profile" in the settings. */
  title: string;
  /** The settings page also says whether the user is an administrator. */
  showRole?: boolean;
}

/** The signed-in user's account: username, email, (role) and since when. */
export function AccountInfo({ user, title, showRole = false }: AccountInfoProps) {
  const { t, i18n } = useTranslation();
  // The card appears on more than one page, so its heading's id cannot be a fixed string.
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {title}
      </h2>
      <dl className="info-list">
        <div className="info-row">
          <dt>{t('settings.username')}</dt>
          <dd>{user.username}</dd>
        </div>
        <div className="info-row">
          <dt>{t('settings.email')}</dt>
          <dd>{user.email}</dd>
        </div>
        {showRole && (
          <div className="info-row">
            <dt>{t('settings.role')}</dt>
            <dd>{user.is_admin ? t('settings.admin') : t('settings.member')}</dd>
          </div>
        )}
        <div className="info-row">
          <dt>{t('settings.memberSince')}</dt>
          <dd>{formatDate(user.created_at, i18n.language)}</dd>
        </div>
      </dl>
    </section>
  );
}
