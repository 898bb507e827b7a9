/** A machine's serial line, connected: what the guest writes arrives as bytes; what is written goes to it as typed. */
export interface SerialLine {
  onData(listener: (chunk: Buffer) => void): void;
  /** The line closed: QEMU stopped (the machine stopped) or `close` was called. Called once. */
  onClose(listener: () => void): void;
  write(data: string): void;
  close(): void;
}

/** Connects to a machine's serial line by its socket (QEMU listens on it; one client at a time). */
export interface SerialLines {
  /** Throws SerialLineUnavailableError when nothing listens there (the machine is not running, or predates consoles). */
  connect(socketPath: string): Promise<SerialLine>;
}

export class SerialLineUnavailableError extends Error {
  constructor(
    readonly socketPath: string,
    cause: unknown,
  ) {
    super(`nothing listens on the serial line socket ${socketPath}`, { cause });
    this.name = 'SerialLineUnavailableError';
  }
}
