import type { Clock } from '@kubekit/core';

/**
 * A clock for tests: `sleep` returns at once, moves `now()` forward by the time asked, and records
 * each wait in `sleeps`, so backoff and rate limits are asserted without real time passing.
 */
export class InstantClock implements Clock {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += ms;
  }
}
