import type { PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExtraKey } from './ConsoleTerminal';

/** Each key as printed on it; the accessible name says it in words. */
const KEYS: readonly [ExtraKey, string][] = [
  ['esc', 'Esc'],
  ['tab', 'Tab'],
  ['ctrlC', 'Ctrl+C'],
  ['ctrlD', 'Ctrl+D'],
  ['up', '↑'],
  ['down', '↓'],
  ['left', '←'],
  ['right', '→'],
];

// A tap must not take the focus from the terminal: a phone would put its keyboard away.
const keepFocus = (event: PointerEvent) => event.preventDefault();

/** The keys a phone's keyboard lacks, in a row under the terminal. */
export function ExtraKeys({ onPress, disabled }: { onPress: (key: ExtraKey) => void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="console-keys" role="group" aria-label={t('machineConsole.keys.label')}>
      {KEYS.map(([key, face]) => (
        <button
          key={key}
          type="button"
          className="btn btn-secondary console-key"
          aria-label={t(`machineConsole.keys.${key}`)}
          disabled={disabled}
          onPointerDown={keepFocus}
          onClick={() => onPress(key)}
        >
          {face}
        </button>
      ))}
    </div>
  );
}
