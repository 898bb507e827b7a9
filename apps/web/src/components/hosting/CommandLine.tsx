import { CopyButton } from '../ui/CopyButton';
import '../../styles/publish.css';

interface CommandLineProps {
  command: string;
  /** The copy button's accessible name: says which command, as a page may show several. */
  copyLabel: string;
  successMessage?: string;
}

/** One command to type in a terminal, shown as it is typed, with a button that copies it exactly. */
export function CommandLine({ command, copyLabel, successMessage }: CommandLineProps) {
  return (
    <div className="with-copy command-line">
      <code translate="no">{command}</code>
      <CopyButton compact text={command} label={copyLabel} successMessage={successMessage} />
    </div>
  );
}
