import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { signupInfoQuery } from '../../../api/queries/signup';

/**
 * What HOSTBAY_SIGNUP makes of invitations. Only `invite` mode reads them: in
 * every other mode the API signs people up (or refuses them) without looking
 * at the link, and never marks it used.
 */
export function SignupModeNotice() {
  const { t } = useTranslation();
  // The sign-up page's own question; without an answer the page simply says nothing about the mode.
  const info = useQuery(signupInfoQuery(null));
  if (!info.data) return null;
  const { mode, email_domains: domains } = info.data;
  const text = t(`admin.invitations.mode.${mode}`, { domains: domains.join(', ') });
  return (
    <p className={mode === 'invite' ? 'callout callout-info' : 'callout callout-info invitation-mode-off'} role="note">
      {text}
    </p>
  );
}
