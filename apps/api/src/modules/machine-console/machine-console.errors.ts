import { ErrorCode } from '@hostbay/contract/envelope';
import { ConflictError, ServiceUnavailableError, UnauthenticatedError } from '../../errors.js';

/** Unknown, used or expired: which one is not said (a ticket reveals nothing but "no"). */
export class ConsoleTicketInvalidError extends UnauthenticatedError {
  override readonly code: ErrorCode = ErrorCode.consoleTicketInvalid;
  constructor() {
    super('This console link has expired or was used already. Open the console again.');
  }
}

/** The console cannot be opened now; the message says why in the member's terms. */
export class ConsoleUnavailableError extends ConflictError {
  constructor(message: string) {
    super(message, ErrorCode.consoleUnavailable);
  }
}

/** The machine's guest agent did not answer: it is still starting, or its agent was stopped inside. */
export class GuestAgentUnavailableError extends ServiceUnavailableError {
  override readonly code: ErrorCode = ErrorCode.guestAgentUnavailable;
  constructor() {
    super(
      'Your machine did not answer (it may still be starting, or its qemu-guest-agent service is stopped). ' +
        'Try again in a minute, or restart the machine.',
      30,
    );
  }
}
