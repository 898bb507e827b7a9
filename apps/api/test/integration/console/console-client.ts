import type { ConsoleServerMessage } from '@hostbay/contract/console';
import { expect } from 'vitest';
import WebSocket from 'ws';

/** A member's console as the dashboard holds it: a WebSocket, the guest's output, the server's messages. */
export class ConsoleClient {
  output = '';
  readonly messages: ConsoleServerMessage[] = [];
  closeCode: number | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) this.output += data.toString();
      else this.messages.push(JSON.parse(data.toString()) as ConsoleServerMessage);
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  /** Opens `socketPath` (with its ticket) on `origin`, e.g. Hostbay's edge; resolves once the socket is open. */
  static async open(origin: string, socketPath: string): Promise<ConsoleClient> {
    const socket = new WebSocket(`${origin}${socketPath}`);
    const client = new ConsoleClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  type(text: string): void {
    this.socket.send(JSON.stringify({ type: 'input', data: text }));
  }

  send(raw: string): void {
    this.socket.send(raw);
  }

  async waitForOutput(text: string): Promise<void> {
    await expect.poll(() => this.output, { timeout: 10_000 }).toContain(text);
  }

  /** The socket closed; gives the last message the server sent before it. */
  async closed(): Promise<ConsoleServerMessage | undefined> {
    await expect.poll(() => this.closeCode, { timeout: 15_000 }).toBeDefined();
    return this.messages.at(-1);
  }

  close(): void {
    this.socket.close();
  }
}
