import type { ConsoleEndReason } from '@hostbay/contract/console';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors';
import { consoleSocketUrl, requestConsoleTicket } from '../api/queries/machine-console';
import { openMachineConsoleSocket, type MachineConsoleSocket } from '../lib/machine-console-socket';
import { useSessionToken } from './useSessionToken';

export type MachineConsoleState =
  | { phase: 'connecting' }
  | { phase: 'connected' }
  /** The server ended the console and said why. */
  | { phase: 'ended'; reason: ConsoleEndReason }
  /** The socket closed without the server's word (the network). */
  | { phase: 'dropped' }
  /** No ticket (the API refused or could not be reached), or the socket was refused. */
  | { phase: 'failed'; error: unknown };

export interface TerminalSize {
  cols: number;
  rows: number;
}

interface Options {
  /** Where the guest's output goes (the terminal). */
  onOutput: (bytes: Uint8Array) => void;
  /** The terminal's size now: the serial line is told it as soon as the console is connected. */
  currentSize: () => TerminalSize | null;
}

/** A window being dragged resizes the terminal many times a second; the guest is told the size it settles on. */
export const RESIZE_DEBOUNCE_MS = 200;

/**
 * The machine console's connection: asks for a ticket, opens the WebSocket with it, and follows it
 * (connected, ended by the server and why, dropped). It closes when the component goes (the page is
 * left) and when the session does (logout: the token is gone); `connect` opens a new one.
 */
export function useMachineConsole({ onOutput, currentSize }: Options) {
  const [state, setState] = useState<MachineConsoleState>({ phase: 'connecting' });
  const [login, setLogin] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const socket = useRef<MachineConsoleSocket | null>(null);
  const resizeTimer = useRef<number | undefined>(undefined);
  const handlers = useRef({ onOutput, currentSize });
  handlers.current = { onOutput, currentSize };
  const signedIn = useSessionToken() !== null;

  useEffect(() => {
    if (!signedIn) return;
    let left = false;
    requestConsoleTicket().then(
      (ticket) => {
        if (left) return;
        setLogin(ticket.login);
        const opened = openMachineConsoleSocket(consoleSocketUrl(ticket.socket_path, window.location), {
          onReady: () => {
            setState({ phase: 'connected' });
            const size = handlers.current.currentSize();
            if (size) opened.send({ type: 'resize', ...size });
          },
          onOutput: (bytes) => handlers.current.onOutput(bytes),
          onEnd: (reason) => setState({ phase: 'ended', reason }),
          onDrop: () => setState({ phase: 'dropped' }),
          // Said as the API says a refusal, so the page words it as it words a refused ticket request.
          onRefused: (code, message) =>
            setState({ phase: 'failed', error: new ApiError(message, { status: 409, code }) }),
        });
        socket.current = opened;
      },
      (error: unknown) => {
        if (!left) setState({ phase: 'failed', error });
      },
    );
    return () => {
      left = true;
      window.clearTimeout(resizeTimer.current);
      socket.current?.close();
      socket.current = null;
    };
  }, [signedIn, attempt]);

  const connect = useCallback(() => {
    setState({ phase: 'connecting' });
    setAttempt((count) => count + 1);
  }, []);

  const sendInput = useCallback((data: string) => socket.current?.send({ type: 'input', data }), []);

  const sendResize = useCallback((size: TerminalSize) => {
    window.clearTimeout(resizeTimer.current);
    resizeTimer.current = window.setTimeout(
      () => socket.current?.send({ type: 'resize', ...size }),
      RESIZE_DEBOUNCE_MS,
    );
  }, []);

  return { state, login, connect, sendInput, sendResize };
}
