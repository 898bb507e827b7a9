import type { UserStatus } from '@hostbay/contract/user';
import { VALIDATION_MESSAGES } from '@hostbay/contract/validation-messages';
import type { SignupSettings } from '../../config/operators.js';
import { ValidationError } from '../../errors.js';

import { SignupClosedError } from './signup.errors.js';

/** What a sign-up that may go ahead becomes. */
export interface SignupDecision {
  /** pending in `approval` mode: the account waits for an admin. */
  status: UserStatus;
  /** `invite` mode: the sign-up must take a valid invitation. */
  needsInvitation: boolean;
}

/**
 * The domain of an address, in lower case. Exactly a listed domain counts, not
 * its subdomains: an operator who lists `school.example` has not vouched for
 * whoever runs `lab.school.example`; they list it too if they do.
 */
export function emailDomainAllowed(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domains.includes(domain);
}

/**
 * Who may join, in one place: refuses what the setting refuses, and says what the rest becomes.
 * `invited`: the sign-up carries an invitation where one counts (`invitationCounts`).
 */
export function decideSignup(settings: SignupSettings, email: string, invited = false): SignupDecision {
  switch (settings.mode) {
    case 'closed':
      throw new SignupClosedError();
    case 'domains':
      if (!invited && !emailDomainAllowed(email, settings.emailDomains)) {
        const message = `Use an email address under ${settings.emailDomains.join(', ')}.`;
        throw new ValidationError(message, [
          {
            field: 'email',
            message: `${VALIDATION_MESSAGES.email_domain_not_allowed} ${message}`,
            code: 'email_domain_not_allowed',
          },
        ]);
      }
      return { status: 'active', needsInvitation: false };
    case 'invite':
      return { status: 'active', needsInvitation: true };
    case 'approval':
      return { status: invited ? 'active' : 'pending', needsInvitation: false };
    case 'open':
      return { status: 'active', needsInvitation: false };
  }
}
