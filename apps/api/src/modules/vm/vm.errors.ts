import { ErrorCode } from '@hostbay/contract/envelope';
import type { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';

/** A VmSpec (or hosting id) that failed validation: a bug in the caller, never user input reaching libvirt. */
export class VmSpecError extends ValidationError {
  constructor(error: z.ZodError) {
    super(
      'Invalid VM specification.',
      error.issues.map((issue) => ({ field: issue.path.join('.') || 'spec', message: issue.message })),
    );
  }
}

export class VmNotFoundError extends NotFoundError {
  constructor(readonly hostingId: string) {
    super(`No VM exists for hosting ${hostingId}.`);
  }
}

/** The VM did not answer HTTP and SSH in time. */
export class VmNotReadyError extends AppError {
  readonly code = ErrorCode.internal;
  constructor(message: string, details?: unknown) {
    super(message, details);
  }
}

/** A host-side step (disk, seed, libvirt) failed; the message says which. */
export class VmOperationError extends AppError {
  readonly code = ErrorCode.internal;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
