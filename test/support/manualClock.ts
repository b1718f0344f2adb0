import type { Clock } from '@kubekit/core';

interface Timer {
  at: number;
  resolve: () => void;
}

/** Lets pending promise callbacks (and I/O-free async code) run to completion. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A clock that only moves when told: `sleep` waits until `advance` moves `now()` past its end.
 * For timers that must not fire by themselves (idle timeouts, resync, backoff between attempts).
 */
export class ManualClock implements Clock {
  t = 0;
  readonly sleeps: number[] = [];
  readonly #timers = new Set<Timer>();

  now(): number {
    return this.t;
  }

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

  /** Moves time forward by `ms`, firing due timers in order and letting their callbacks run. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = [...this.#timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.#timers.delete(due);
      due.resolve();
    }
    this.t = end;
    await flush();
  }
}
