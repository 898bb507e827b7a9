import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../ui/Icon';

export function Logo() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="logo" aria-label={t('app.home')}>
      <span className="logo-mark" aria-hidden="true">
        <Icon name="logo" size={20} />
      </span>
      <span className="logo-text">{t('app.name')}</span>
    </Link>
  );
}
