import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { TerminalSize } from '../../hooks/useMachineConsole';
import '@xterm/xterm/css/xterm.css';

/** A key of the extra keys' row (PhoneKeys). */
export type ExtraKey = 'esc' | 'tab' | 'ctrlC' | 'ctrlD' | 'up' | 'down' | 'left' | 'right';

const ARROW_FINALS = { up: 'A', down: 'B', right: 'C', left: 'D' } as const;

/** What a key sends. Full-screen programs (vi, less) switch the arrows to their application form, ESC O for ESC [. */
function sequenceOf(key: ExtraKey, applicationCursorKeys: boolean): string {
  switch (key) {
    case 'esc':
      return '\x1b';
    case 'tab':
      return '\t';
    case 'ctrlC':
      return '\x03';
    case 'ctrlD':
      return '\x04';
    default:
      return `\x1b${applicationCursorKeys ? 'O' : '['}${ARROW_FINALS[key]}`;
  }
}

export interface ConsoleTerminalHandle {
  write: (bytes: Uint8Array) => void;
  size: () => TerminalSize | null;
  /** Types a key as if from the keyboard: it reaches `onData` like any other keystroke. */
  press: (key: ExtraKey) => void;
  focus: () => void;
}

interface ConsoleTerminalProps {
  /** The terminal's accessible name. */
  label: string;
  onData: (data: string) => void;
  onResize: (size: TerminalSize) => void;
}

/** Narrower than this (a phone), the text gets smaller, so that a shell's lines (40 columns and more) fit. */
const NARROW_PX = 600;
const fontSizeFor = (width: number) => (width > 0 && width < NARROW_PX ? 11 : 14);

/**
 * xterm.js with its DOM renderer (the default: the slow-tier browser test reads the screen's rows), fitted
 * to its container whenever the container's size changes.
 */
export const ConsoleTerminal = forwardRef<ConsoleTerminalHandle, ConsoleTerminalProps>(function ConsoleTerminal(
  { label, onData, onResize },
  ref,
) {
  const container = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const handlers = useRef({ onData, onResize });
  handlers.current = { onData, onResize };

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const term = new Terminal({
      // The dashboard's monospace stack (styles/tokens.css): xterm measures its cells in this font.
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace',
      fontSize: fontSizeFor(element.clientWidth),
      cursorBlink: true,
      scrollback: 2000,
      theme: { background: '#111827', foreground: '#e5e7eb', cursor: '#e5e7eb' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();
    terminal.current = term;
    const subscriptions = [
      term.onData((data) => handlers.current.onData(data)),
      term.onResize((size) => handlers.current.onResize(size)),
    ];
    const observer = new ResizeObserver(() => {
      const fontSize = fontSizeFor(element.clientWidth);
      if (term.options.fontSize !== fontSize) term.options.fontSize = fontSize;
      fit.fit();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      for (const subscription of subscriptions) subscription.dispose();
      terminal.current = null;
      term.dispose();
    };
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      write: (bytes) => terminal.current?.write(bytes),
      size: () => (terminal.current ? { cols: terminal.current.cols, rows: terminal.current.rows } : null),
      press: (key) => {
        const term = terminal.current;
        term?.input(sequenceOf(key, term.modes.applicationCursorKeysMode));
      },
      focus: () => terminal.current?.focus(),
    }),
    [],
  );

  return (
    <div className="console-terminal" ref={container} role="group" aria-label={label} data-testid="console-terminal" />
  );
});
