import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS } from '@hostbay/contract/signup-rules';
import { useTranslation } from 'react-i18next';

/** How long a new link works, in days: a day, the API's default, a month, and the most it takes. */
const EXPIRY_CHOICES = [1, INVITATION_DEFAULT_DAYS, 30, INVITATION_MAX_DAYS] as const;
export type ExpiryDays = (typeof EXPIRY_CHOICES)[number];
export const DEFAULT_EXPIRY: ExpiryDays = INVITATION_DEFAULT_DAYS;

export function ExpiryChoices({ value, onChange }: { value: ExpiryDays; onChange: (days: ExpiryDays) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="radio-group expiry-choices">
      <legend>{t('admin.invitations.create.expiry')}</legend>
      <div className="expiry-options">
        {EXPIRY_CHOICES.map((days) => (
          <label key={days} className="radio">
            <input
              type="radio"
              name="expires_in_days"
              value={days}
              checked={value === days}
              onChange={() => onChange(days)}
            />
            <span>{t('admin.invitations.create.days', { count: days })}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
