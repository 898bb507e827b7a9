/** CLI output in one place, so commands print the same way. */
export const out = {
  info(line: string): void {
    process.stdout.write(`${line}\n`);
  },
  step(line: string): void {
    process.stdout.write(`\u203a ${line}\n`);
  },
  error(line: string): void {
    process.stderr.write(`hostbay: ${line}\n`);
  },
};
