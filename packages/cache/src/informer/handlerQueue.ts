/** Options of {@link HandlerQueue}. */
export interface HandlerQueueOptions {
  /** Time source of the events' ages (ms). @default Date.now */
  now?: () => number;
  /**
   * Called once when the queue falls behind: `pending` reaches `lagEvents`, or at a push the oldest
   * queued event has waited `lagMs`. Called again only after the queue has emptied. @default none
   */
  onLag?: (lag: { pending: number; oldestEventAgeMs: number }) => void;
  /** Queued events that count as falling behind. @default 1000 */
  lagEvents?: number;
  /** Age of the oldest queued event that counts as falling behind, in ms. @default 10_000 */
  lagMs?: number;
}

/** Default of {@link HandlerQueueOptions.lagEvents}. */
export const DEFAULT_HANDLER_LAG_EVENTS = 1000;
/** Default of {@link HandlerQueueOptions.lagMs}. */
export const DEFAULT_HANDLER_LAG_MS = 10_000;

/**
 * Delivers events to one handler in order, one at a time, awaiting a handler that returns a
 * promise — without ever making the producer wait. The queue is unbounded: a handler that is
 * always slower than the event rate grows it (see `pending`, `oldestEventAgeMs` and `onLag`).
 */
export class HandlerQueue<E> {
  readonly #handler: (event: E) => void | Promise<void>;
  readonly #onError: (error: unknown, event: E) => void;
  readonly #now: () => number;
  readonly #onLag: HandlerQueueOptions['onLag'];
  readonly #lagEvents: number;
  readonly #lagMs: number;
  /** Events pushed since the current batch began, and when each was pushed. */
  #items: E[] = [];
  #itemTimes: number[] = [];
  /** The batch being delivered, and the index of its next event (no `shift`: it is O(n) on big arrays). */
  #batch: E[] = [];
  #batchTimes: number[] = [];
  #next = 0;
  #draining: Promise<void> | undefined;
  #closed = false;
  #lagging = false;

  constructor(
    handler: (event: E) => void | Promise<void>,
    onError: (error: unknown, event: E) => void,
    options: HandlerQueueOptions = {},
  ) {
    this.#handler = handler;
    this.#onError = onError;
    this.#now = options.now ?? Date.now;
    this.#onLag = options.onLag;
    this.#lagEvents = options.lagEvents ?? DEFAULT_HANDLER_LAG_EVENTS;
    this.#lagMs = options.lagMs ?? DEFAULT_HANDLER_LAG_MS;
  }

  /** Events not yet delivered. */
  get pending(): number {
    return this.#items.length + this.#batch.length - this.#next;
  }

  /** How long the oldest undelivered event has waited, in ms; 0 with none. */
  get oldestEventAgeMs(): number {
    const at = this.#next < this.#batch.length ? this.#batchTimes[this.#next] : this.#itemTimes[0];
    return at === undefined ? 0 : Math.max(0, this.#now() - at);
  }

  /** Queues an event; delivery starts on a later microtask. */
  push(event: E): void {
    if (this.#closed) return;
    this.#items.push(event);
    this.#itemTimes.push(this.#now());
    this.#draining ??= this.#drain();
    if (this.#onLag && !this.#lagging) {
      const pending = this.pending;
      const oldestEventAgeMs = this.oldestEventAgeMs;
      if (pending >= this.#lagEvents || oldestEventAgeMs >= this.#lagMs) {
        this.#lagging = true;
        this.#onLag({ pending, oldestEventAgeMs });
      }
    }
  }

  /** Drops queued events and delivers no more. */
  close(): void {
    this.#closed = true;
    this.#items = [];
    this.#itemTimes = [];
    this.#batch = [];
    this.#batchTimes = [];
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
      this.#batchTimes = this.#itemTimes;
      this.#items = [];
      this.#itemTimes = [];
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
    this.#batchTimes = [];
    this.#next = 0;
    this.#draining = undefined;
    this.#lagging = false;
  }
}
