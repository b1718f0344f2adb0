/**
 * Delivers events to one handler in order, one at a time, awaiting a handler that returns a
 * promise — without ever making the producer wait. The queue is unbounded: a handler that is
 * always slower than the event rate grows it (see `pending`).
 */
export class HandlerQueue<E> {
  readonly #handler: (event: E) => void | Promise<void>;
  readonly #onError: (error: unknown, event: E) => void;
  /** Events pushed since the current batch began. */
  #items: E[] = [];
  /** The batch being delivered, and the index of its next event (no `shift`: it is O(n) on big arrays). */
  #batch: E[] = [];
  #next = 0;
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(handler: (event: E) => void | Promise<void>, onError: (error: unknown, event: E) => void) {
    this.#handler = handler;
    this.#onError = onError;
  }

  /** Events not yet delivered. */
  get pending(): number {
    return this.#items.length + this.#batch.length - this.#next;
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
    this.#batch = [];
    this.#next = 0;
  }

  /** Resolves when every queued event has been delivered (or the queue closed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    await Promise.resolve();
    while (this.#items.length > 0 && !this.#closed) {
      this.#batch = this.#items;
      this.#items = [];
      this.#next = 0;
      while (this.#next < this.#batch.length && !this.#closed) {
        const event = this.#batch[this.#next++] as E;
        try {
          // only a handler that returns a promise costs a turn of the microtask queue
          const done = this.#handler(event);
          if (done !== undefined) await done;
        } catch (error) {
          this.#onError(error, event);
        }
      }
    }
    this.#batch = [];
    this.#next = 0;
    this.#draining = undefined;
  }
}
