import { EventEmitter } from 'node:events';

/**
 * In-process notice that a user's hosting changed. Server-sent event streams
 * listen here for immediacy; they also re-read the database on a timer, so a
 * change made by another Hostbay process still arrives.
 */
/** The event every change is also emitted under; a symbol, so no user id can collide with it. */
const ANY = Symbol('any user');

export class HostingEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per open dashboard tab.
    this.#emitter.setMaxListeners(0);
  }

  changed(userId: string): void {
    this.#emitter.emit(userId);
    this.#emitter.emit(ANY, userId);
  }

  /** Every user's changes (the certificate keeper wakes on a new hosting instead of at its next round). */
  subscribeAll(listener: (userId: string) => void): () => void {
    this.#emitter.on(ANY, listener);
    return () => this.#emitter.off(ANY, listener);
  }

  subscribe(userId: string, listener: () => void): () => void {
    this.#emitter.on(userId, listener);
    return () => this.#emitter.off(userId, listener);
  }
}
