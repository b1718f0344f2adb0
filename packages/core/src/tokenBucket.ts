import { type Clock, systemClock } from './clock.js';

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second; `0` (or less) or `Infinity` lets everything through. */
  qps: number;
  /** Tokens available at once (at least 1). */
  burst: number;
  /** Time source. @default the system clock */
  clock?: Clock;
}

/**
 * A token bucket: `burst` tokens at once, then `qps` per second, on an injected clock. Waiters are
 * served in the order they asked: a reservation that finds no token leaves a negative balance,
 * which the next reservations queue behind. The client's request rate limit and the work queue's
 * overall retry limit are both this bucket.
 */
export class TokenBucket {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(options: TokenBucketOptions) {
    this.#qps = options.qps;
    this.#burst = Math.max(1, options.burst);
    this.#clock = options.clock ?? systemClock;
    this.#tokens = this.#burst;
    this.#last = this.#clock.now();
  }

  /** Whether the bucket lets everything through at once. */
  get unlimited(): boolean {
    return !(this.#qps > 0) || this.#qps === Number.POSITIVE_INFINITY;
  }

  /**
   * Takes one token now and says how long to wait before using it: 0 when one was free, else the
   * time until the refill reaches this reservation. Give it back with {@link cancel} when the
   * caller gives up waiting.
   */
  reserve(): number {
    if (this.unlimited) return 0;
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#qps) / 1000);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens * 1000) / this.#qps;
  }

  /** Gives back a token taken by {@link reserve} and never used. */
  cancel(): void {
    if (!this.unlimited) this.#tokens += 1;
  }

  /** Takes one token, waiting until one is free; rejects with the signal's reason on abort (the token goes back). */
  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const waitMs = this.reserve();
    if (waitMs === 0) return;
    try {
      await this.#clock.sleep(waitMs, signal);
    } catch (err) {
      this.cancel();
      throw err;
    }
  }
}
