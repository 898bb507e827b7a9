import { ServiceUnavailableError } from '../../errors.js';

export type EdgeStage = 'render' | 'validate' | 'swap' | 'reload';

/**
 * A change the edge could not apply. The previous configuration is live again
 * (other sites kept answering); `stage` says where it failed and `output`
 * carries nginx's own words for the operator's log, never for API clients.
 */
export class EdgeApplyError extends ServiceUnavailableError {
  constructor(
    readonly stage: EdgeStage,
    message: string,
    readonly output: string = '',
    options?: { cause?: unknown },
  ) {
    super(`Edge ${stage} failed: ${message}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
