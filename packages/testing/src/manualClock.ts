import type { Clock } from '@kubekit/core';

interface Timer {
  at: number;
  resolve: () => void;
}

/** Lets pending promise callbacks (and I/O-free async code) run to completion. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A {@link Clock} that only moves when told: `sleep` waits until {@link ManualClock.advance} moves
 * `now()` past its end. Give it as the `clock` of a manager, a client, a cached client, a reflector
 * or a work queue to step `requeueAfter`, retry backoff, resyncs and leader-election renewals
 * without waiting.
 *
 * @example
 * ```ts fragment
 * const clock = new ManualClock();
 * const mgr = new Manager({ kubeConfig, clock });
 * await clock.advance(60_000); // a requeueAfter of one minute is due now
 * ```
 */
export class ManualClock implements Clock {
  /** The current time in milliseconds; starts at 0 and moves only by {@link ManualClock.advance}. */
  t = 0;
  /** The duration of every `sleep` asked for, in order: what the code under test waited for. */
  readonly sleeps: number[] = [];
  readonly #timers = new Set<Timer>();

  /** The current time, {@link ManualClock.t}. */
  now(): number {
    return this.t;
  }

  /** Resolves once time has been advanced by `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      this.sleeps.push(ms);
      const timer: Timer = {
        at: this.t + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers.delete(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.add(timer);
    });
  }

  /** Number of sleeps not yet over. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order and letting their callbacks run (pending
   * promise callbacks settle before and after each timer).
   */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = [...this.#timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.#timers.delete(due);
      due.resolve();
    }
    this.t = end;
    await settle();
  }
}
