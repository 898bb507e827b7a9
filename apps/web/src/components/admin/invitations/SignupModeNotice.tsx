import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { signupInfoQuery } from '../../../api/queries/signup';
import { invitationCounts } from '@hostbay/contract/signup-rules';

/**
 * What HOSTBAY_SIGNUP makes of invitations (`invitationCounts` in the contract):
 * required in `invite`, approval skipped in `approval`, any address in `domains`;
 * ignored when sign-up is open and useless when it is closed (then a warning).
 */
export function SignupModeNotice() {
  const { t } = useTranslation();
  // The sign-up page's own question; without an answer the page simply says nothing about the mode.
  const info = useQuery(signupInfoQuery(null));
  if (!info.data) return null;
  const { mode, email_domains: domains } = info.data;
  const text = t(`admin.invitations.mode.${mode}`, { domains: domains.join(', ') });
  return (
    <p
      className={invitationCounts(mode) ? 'callout callout-info' : 'callout callout-info invitation-mode-off'}
      role="note"
    >
      {text}
    </p>
  );
}
