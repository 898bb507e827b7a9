import type { RegisterRequest } from '@hostbay/contract/auth';
import type { SignupInfo } from '@hostbay/contract/signup';
import { invitationCounts } from '@hostbay/contract/signup-rules';
import { VALIDATION_MESSAGES } from '@hostbay/contract/validation-messages';
import type { SignupSettings } from '../../config/operators.js';
import type { Transactor } from '../../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { insertAccount, type AuthService } from '../auth/auth.service.js';
import type { InvitationRepository } from '../invitations/invitation.repository.js';
import { hashInvitationToken, type InvitationService } from '../invitations/invitation.service.js';
import type { UserRecord, UserRepository } from '../users/user.repository.js';
import { InvitationInvalidError, InvitationRequiredError } from './signup.errors.js';
import { decideSignup } from './signup.policy.js';

/** What a sign-up writes together: the account and, when it came with one, its invitation taken. */
export interface SignupRepositories {
  users: UserRepository;
  invitations: InvitationRepository;
}

export interface SignupServiceDeps {
  settings: SignupSettings;
  /** HOSTBAY_BASE_DOMAIN: each member's site is at <username>.<siteDomain>. */
  siteDomain: string;
  auth: AuthService;
  users: UserRepository;
  invitations: InvitationService;
  transaction: Transactor<SignupRepositories>;
}

/** Who may join (HOSTBAY_SIGNUP) and how: sign-ups, what the sign-up page is told, approvals. */
export class SignupService {
  constructor(private readonly deps: SignupServiceDeps) {}

  /** For the sign-up page: the mode, the domains, and whether an invitation token can still be used. */
  async info(inviteToken?: string): Promise<SignupInfo> {
    const { mode, emailDomains } = this.deps.settings;
    let invitation: SignupInfo['invitation'] = null;
    if (invitationCounts(mode) && inviteToken !== undefined) {
      const usable = await this.deps.invitations.usable(inviteToken);
      invitation = { valid: usable !== undefined, email: usable?.email ?? null };
    }
    const domains = mode === 'domains' ? [...emailDomains] : [];
    return { mode, email_domains: domains, invitation, site_domain: this.deps.siteDomain };
  }

  async register(request: RegisterRequest): Promise<UserRecord> {
    const invite = invitationCounts(this.deps.settings.mode) ? request.invite : undefined;
    const decision = decideSignup(this.deps.settings, request.email, invite !== undefined);
    const account = { email: request.email, username: request.username, password: request.password };
    if (invite === undefined) {
      if (decision.needsInvitation) throw new InvitationRequiredError();
      return this.deps.auth.createUser({ ...account, status: decision.status });
    }
    // Checked before the password is hashed, for a clear answer at once; taken below, atomically.
    const invitation = await this.deps.invitations.usable(invite);
    if (!invitation) throw new InvitationInvalidError();
    if (invitation.email !== null && invitation.email.toLowerCase() !== request.email.toLowerCase()) {
      const message = VALIDATION_MESSAGES.invitation_email_mismatch;
      throw new ValidationError(message, [{ field: 'email', message, code: 'invitation_email_mismatch' }]);
    }
    const prepared = await this.deps.auth.prepareAccount({ ...account, status: decision.status });
    const tokenHash = hashInvitationToken(invite);
    return this.deps.transaction(async ({ users, invitations }) => {
      const user = await insertAccount(users, prepared);
      // Another sign-up may have taken it since the check: then this account is rolled back.
      if (!(await invitations.claim(tokenHash, user.id))) throw new InvitationInvalidError();
      return user;
    });
  }

  /** pending → active. 404 for an unknown account, 409 for one that is not waiting. */
  async approve(userId: string): Promise<UserRecord> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw new NotFoundError('There is no such account.');
    if (!(await this.deps.users.activatePending(userId))) {
      throw new ConflictError(`This account is not waiting for approval (it is ${user.status}).`);
    }
    return (await this.deps.users.findById(userId)) ?? user;
  }
}
