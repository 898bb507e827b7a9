import type { ConsoleClientMessage, ConsoleEndReason, ConsoleServerMessage } from '@hostbay/contract/console';

export interface MachineConsoleHandlers {
  /** Connected to the machine's serial line. */
  onReady: () => void;
  /** Bytes the guest wrote, as the serial line has them (xterm decodes UTF-8 itself). */
  onOutput: (bytes: Uint8Array) => void;
  /** The server ended the console and said why; the socket closes right after. */
  onEnd: (reason: ConsoleEndReason) => void;
  /** The socket closed without the server's word: the network, or the server went away. */
  onDrop: () => void;
  /** The server would not open the console (a used or expired ticket, a machine that stopped): its code and words. */
  onRefused: (code: string, message: string) => void;
}

export interface MachineConsoleSocket {
  send: (message: ConsoleClientMessage) => void;
  /** Leaves the console (the page is left, the member logs out); no handler is called after this. */
  close: () => void;
}

/** Every reason the contract names, to tell a server's `end` from text of unexpected shape. */
const END_REASONS: Record<ConsoleEndReason, true> = {
  taken_over: true,
  session_expired: true,
  account_unavailable: true,
  hosting_unavailable: true,
  console_failed: true,
  server_stopping: true,
};

/**
 * One console connection: binary frames are the guest's output, text frames the server's JSON
 * (ConsoleServerMessage). A structural check rather than the zod schema, as for the API's
 * responses (see api/client.ts): the schema would bring zod into the page for two shapes.
 */
export function openMachineConsoleSocket(url: string, handlers: MachineConsoleHandlers): MachineConsoleSocket {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  let over = false;

  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (over) return;
    // Text frames are strings; binary ones ArrayBuffers (binaryType), told apart without `instanceof`, which
    // fails across realms (a buffer made in another frame or by a test's mock server).
    if (typeof event.data !== 'string') {
      handlers.onOutput(new Uint8Array(event.data as ArrayBuffer));
      return;
    }
    const message = parseServerMessage(event.data);
    if (message?.type === 'ready') handlers.onReady();
    else if (message?.type === 'end') {
      over = true;
      handlers.onEnd(message.reason);
    } else if (message?.type === 'refused') {
      over = true;
      handlers.onRefused(message.code, message.message);
    }
  });
  socket.addEventListener('close', () => {
    if (over) return;
    over = true;
    handlers.onDrop();
  });

  return {
    send(message) {
      if (!over && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    close() {
      over = true;
      socket.close();
    },
  };
}

function parseServerMessage(data: string): ConsoleServerMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    console.warn('Ignored a console message that is not JSON', error);
    return null;
  }
  if (typeof json !== 'object' || json === null || !('type' in json)) return null;
  if (json.type === 'ready') return { type: 'ready' };
  if (json.type === 'end') {
    // A reason this dashboard does not know yet still ends the console; it is said as a failure.
    const reason = 'reason' in json ? json.reason : undefined;
    return { type: 'end', reason: isEndReason(reason) ? reason : 'console_failed' };
  }
  if (json.type === 'refused' && 'code' in json && typeof json.code === 'string') {
    const words = 'message' in json && typeof json.message === 'string' ? json.message : '';
    return { type: 'refused', code: json.code, message: words };
  }
  console.warn('Ignored a console message of unexpected shape', json);
  return null;
}

function isEndReason(value: unknown): value is ConsoleEndReason {
  return typeof value === 'string' && Object.hasOwn(END_REASONS, value);
}
