/** The apt-get command that installs Debian packages, and the advice around it. */
export function installCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** What to do about missing packages, in the words `doctor` and a missing program both use. */
export function installAdvice(packages: readonly string[]): string {
  return `as root: ${installCommand(packages)} (\`./hostbay up\` does this when run as root)`;
}
