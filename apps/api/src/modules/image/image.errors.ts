import { ServiceUnavailableError } from '../../errors.js';

/** The Debian mirror did not answer; nothing was built. */
export class MirrorUnreachableError extends ServiceUnavailableError {
  constructor(
    readonly mirror: string,
    readonly reason: string,
  ) {
    super(
      `Cannot reach the Debian mirror ${mirror} (${reason}). ` +
        'Check the network, or set HOSTBAY_IMAGE_MIRROR to a mirror this host can reach ' +
        '(or HOSTBAY_IMAGE to a local cloud image).',
    );
  }
}

/**
 * No usable base image: the VM layer cannot create a hosting until one is
 * built or configured. Members are told only that; where Hostbay looked and
 * what to run is for the operator (the log, the CLI, `doctor`).
 */
export class BaseImageMissingError extends ServiceUnavailableError {
  constructor(operatorDetail: string) {
    super('Hostbay cannot create hostings yet: it has no guest image. Try again later, or tell the operator.');
    this.operatorDetail = operatorDetail;
  }
}

/** Another process holds the build lock. */
export class ImageBuildLockedError extends ServiceUnavailableError {
  constructor(readonly pid: number) {
    super(`Another image build is running (process ${pid}); wait for it to finish.`);
  }
}

/** A build step failed; `logFile` keeps the full output. */
export class ImageBuildFailedError extends ServiceUnavailableError {
  constructor(
    readonly step: string,
    cause: string,
    readonly logFile: string | undefined,
  ) {
    super(`Image build failed while ${step}: ${cause}${logFile ? ` (full log: ${logFile})` : ''}`);
  }
}
