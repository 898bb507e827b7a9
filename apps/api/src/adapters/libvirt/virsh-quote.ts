/**
 * virsh's interactive shell splits a line into words with its own rules
 * (libvirt's vshCommandStringGetArg): blanks and `;` end a word, `#` at the
 * start of a word begins a comment, `\` escapes outside single quotes, and
 * single quotes take everything literally up to the next one. Wrapping a word
 * in single quotes, with each `'` written as `'\''`, therefore yields the word
 * exactly.
 *
 * The line itself is read by readline, which treats control characters as
 * editing keys (Tab completes, Ctrl-U erases the line) and, in the C locale,
 * turns bytes above 0x7f into Meta key presses. So only printable ASCII may
 * pass; everything Hostbay sends (domain names, paths it generated) is.
 */
export function quoteVirshArg(arg: string): string {
  if (!/^[\x20-\x7e]*$/.test(arg)) {
    throw new TypeError(`virsh argument has characters outside printable ASCII: ${JSON.stringify(arg)}`);
  }
  // Plain words need no quotes; it keeps the lines readable in logs.
  if (/^[A-Za-z0-9_./:=@+,-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** One virsh command line from an argument array. */
export function formatVirshCommand(args: readonly string[]): string {
  if (args.length === 0) throw new TypeError('empty virsh command');
  return args.map(quoteVirshArg).join(' ');
}
