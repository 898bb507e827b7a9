import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import {
  SerialLineUnavailableError,
  type SerialLine,
  type SerialLines,
} from '../../modules/machine-console/machine-console.ports.js';

/** How long connecting may take: QEMU accepts at once, or the socket is gone. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Machines' serial lines through the Unix sockets QEMU listens on
 * (`<serial type='unix'><source mode='bind'>`, see domain-xml.ts). Local only:
 * the sockets are files on this host.
 */
export class SerialSocketLines implements SerialLines {
  /** `dir`: the sockets' folder; undefined where machines have no socket (a libvirt on another host). */
  constructor(private readonly dir: string | undefined) {}

  /** The sockets' folder exists before any machine starts: libvirt makes each socket, not the folder. */
  async prepare(): Promise<void> {
    if (this.dir !== undefined) await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  connect(socketPath: string): Promise<SerialLine> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath);
      const timer = setTimeout(() => socket.destroy(new Error('connect timed out')), CONNECT_TIMEOUT_MS);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new SerialLineUnavailableError(socketPath, error));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        // From here an error (QEMU gone) is the line closing: 'close' follows it.
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        resolve(socketLine(socket));
      });
    });
  }
}

function socketLine(socket: net.Socket): SerialLine {
  return {
    onData: (listener) => socket.on('data', listener),
    onClose: (listener) => socket.once('close', () => listener()),
    write: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    close: () => socket.destroy(),
  };
}
