import type { Clock } from '@kubekit/core';

/**
 * A token bucket: `burst` requests at once, then `qps` per second. Waiters are served in the order
 * they asked. `qps <= 0` or `Infinity` turns it off.
 */
export class RateLimiter {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(qps: number, burst: number, clock: Clock) {
    this.#qps = qps;
    this.#burst = Math.max(1, burst);
    this.#clock = clock;
    this.#tokens = this.#burst;
    this.#last = clock.now();
  }

  /** Whether the limiter lets everything through at once. */
  get unlimited(): boolean {
    return !(this.#qps > 0) || this.#qps === Number.POSITIVE_INFINITY;
  }

  /** Takes one token, waiting until one is free; rejects with the signal's reason on abort. */
  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.unlimited) return;
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#qps) / 1000);
    this.#last = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return;
    const waitMs = (-this.#tokens * 1000) / this.#qps;
    try {
      await this.#clock.sleep(waitMs, signal);
    } catch (err) {
      this.#tokens += 1; // give the reservation back
      throw err;
    }
  }
}
