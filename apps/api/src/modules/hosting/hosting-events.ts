import { EventEmitter } from 'node:events';

/**
 * In-process notice that a user's hosting changed. Server-sent event streams
 * listen here for immediacy; they also re-read the database on a timer, so a
 * change made by another Hostbay process still arrives.
 */
export class HostingEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per open dashboard tab.
    this.#emitter.setMaxListeners(0);
  }

  changed(userId: string): void {
    this.#emitter.emit(userId);
  }

  subscribe(userId: string, listener: () => void): () => void {
    this.#emitter.on(userId, listener);
    return () => this.#emitter.off(userId, listener);
  }
}
