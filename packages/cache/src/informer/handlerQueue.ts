/**
 * Delivers events to one handler in order, one at a time, awaiting a handler that returns a
 * promise — without ever making the producer wait. The queue is unbounded: a handler that is
 * always slower than the event rate grows it (see `pending`).
 */
export class HandlerQueue<E> {
  readonly #handler: (event: E) => void | Promise<void>;
  readonly #onError: (error: unknown, event: E) => void;
  #items: E[] = [];
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(handler: (event: E) => void | Promise<void>, onError: (error: unknown, event: E) => void) {
    this.#handler = handler;
    this.#onError = onError;
  }

  /** Events not yet delivered. */
  get pending(): number {
    return this.#items.length;
  }

  /** Queues an event; delivery starts on a later microtask. */
  push(event: E): void {
    if (this.#closed) return;
    this.#items.push(event);
    this.#draining ??= this.#drain();
  }

  /** Drops queued events and delivers no more. */
  close(): void {
    this.#closed = true;
    this.#items = [];
  }

  /** Resolves when every queued event has been delivered (or the queue closed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    await Promise.resolve();
    while (this.#items.length > 0 && !this.#closed) {
      const event = this.#items.shift() as E;
      try {
        await this.#handler(event);
      } catch (error) {
        this.#onError(error, event);
      }
    }
    this.#draining = undefined;
  }
}
