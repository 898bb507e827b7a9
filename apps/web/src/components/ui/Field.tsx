import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

interface FieldShellProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * The label, hint and error around one control, wired so a screen reader
 * announces them with it. An error replaces the hint: the server's message
 * often says the same rule again, and two sentences saying it were read twice.
 */
function FieldShell({
  label,
  hint,
  error,
  control,
}: FieldShellProps & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const shownHint = error ? undefined : hint;
  const describedBy = error ? `${id}-error` : shownHint ? `${id}-hint` : undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {shownHint && (
        <p className="field-hint" id={`${id}-hint`}>
          {shownHint}
        </p>
      )}
    </div>
  );
}

/** A labelled input whose hint and error are announced with it. */
export function TextField({ label, hint, error, ...input }: FieldShellProps & InputHTMLAttributes<HTMLInputElement>) {
  return <FieldShell label={label} hint={hint} error={error} control={(props) => <input {...props} {...input} />} />;
}

export function TextAreaField({
  label,
  hint,
  error,
  ...area
}: FieldShellProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <FieldShell label={label} hint={hint} error={error} control={(props) => <textarea {...props} {...area} />} />;
}
