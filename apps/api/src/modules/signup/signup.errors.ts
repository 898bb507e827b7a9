import { ErrorCode } from '@hostbay/contract/envelope';
import { ForbiddenError } from '../../errors.js';

/** HOSTBAY_SIGNUP=closed. */
export class SignupClosedError extends ForbiddenError {
  override readonly code: ErrorCode = ErrorCode.signupClosed;
  constructor() {
    super('Sign-up is closed on this Hostbay. Ask its operator for an account.');
  }
}

/** HOSTBAY_SIGNUP=invite, and the sign-up came without an invitation. */
export class InvitationRequiredError extends ForbiddenError {
  override readonly code: ErrorCode = ErrorCode.invitationRequired;
  constructor() {
    super('Sign-up needs an invitation link on this Hostbay. Ask its operator for one.');
  }
}

/** Unknown, expired, used or revoked: which one is not said, so that a token reveals nothing but "no". */
export class InvitationInvalidError extends ForbiddenError {
  override readonly code: ErrorCode = ErrorCode.invitationInvalid;
  constructor() {
    super('This invitation link cannot be used: it may have expired, been used or been revoked. Ask for a new one.');
  }
}
