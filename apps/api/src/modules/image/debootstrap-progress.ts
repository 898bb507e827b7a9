export interface DebootstrapUpdate {
  /** 0 to 1; stays below 1 until debootstrap reports success. */
  fraction: number;
  /** What debootstrap is doing, e.g. "unpacking nginx-light". */
  activity: string;
}

/**
 * Per package debootstrap prints one "Retrieving" and one "Validating" line,
 * then for many an "Extracting", "Unpacking" and "Configuring" line
 * (a bookworm minbase build with cloud-init: 199 packages, 719 such lines).
 */
const LINES_PER_PACKAGE = 3.6;

/**
 * "I: Retrieving libc6 2.36-9", "I: Unpacking nginx-light...", "I: Configuring python3-cffi-backend:amd64...".
 * Not "I: Retrieving InRelease" (an index file) nor "I: Unpacking the base system..." (a heading).
 */
const packageLine =
  /^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) ([a-z0-9][a-z0-9+.-]*?)(?::[a-z0-9]+)?(?:\.\.\.$| \d)/;

/**
 * Turns debootstrap's stdout into progress. The package count is only known
 * once downloading ends; until then the estimate stands in.
 */
export class DebootstrapProgress {
  private retrieved = 0;
  private downloading = true;
  private steps = 0;
  private finished = false;

  constructor(private readonly estimatedPackages = 200) {}

  feed(line: string): DebootstrapUpdate | undefined {
    if (line.startsWith('I: Base system installed successfully')) {
      this.finished = true;
      return { fraction: 1, activity: 'base system installed' };
    }
    const match = packageLine.exec(line);
    if (!match) {
      if (/^I: (Resolving|Checking|Retrieving|Validating) /.test(line)) {
        return { fraction: this.fraction(), activity: 'reading the package index' };
      }
      return undefined;
    }
    const verb = match[1] ?? '';
    const name = match[2] ?? '';
    if (verb === 'Retrieving' && this.downloading) this.retrieved += 1;
    // Downloads alternate "Retrieving x" and "Validating x"; the first extraction ends them.
    else if (verb !== 'Validating') this.downloading = false;
    this.steps += 1;
    return { fraction: this.fraction(), activity: `${verb.toLowerCase()} ${name}` };
  }

  private fraction(): number {
    if (this.finished) return 1;
    const packages = this.downloading ? Math.max(this.retrieved, this.estimatedPackages) : this.retrieved;
    const expected = Math.max(1, packages * LINES_PER_PACKAGE);
    return Math.min(0.99, this.steps / expected);
  }
}
