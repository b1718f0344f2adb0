import { type Clock, InvalidInputError, systemClock } from '@kubekit/core';

/**
 * Decides how long an item waits before it is retried. `when` is called once per failure and
 * grows the item's delay; `forget` resets it after a success.
 */
export interface RateLimiter {
  /** The delay, in ms, before `key` may be processed again; counts one more retry of it. */
  when(key: string): number;
  /** Forgets `key`'s failures (after a success). */
  forget(key: string): void;
  /** How many times `key` has been retried since it was last forgotten. */
  retries(key: string): number;
}

/** Options of {@link ExponentialFailureRateLimiter}. */
export interface ExponentialFailureOptions {
  /** The first retry's delay. @default 5 (controller-runtime's) */
  baseMs?: number;
  /** The longest delay. @default 1_000_000 (1000 s, controller-runtime's) */
  maxMs?: number;
}

/** Per-item exponential backoff: `baseMs * 2^failures`, capped at `maxMs`. */
export class ExponentialFailureRateLimiter implements RateLimiter {
  readonly #failures = new Map<string, number>();
  readonly #baseMs: number;
  readonly #maxMs: number;

  constructor(options: ExponentialFailureOptions = {}) {
    this.#baseMs = options.baseMs ?? 5;
    this.#maxMs = options.maxMs ?? 1_000_000;
    if (!(this.#baseMs > 0)) throw new InvalidInputError('baseMs', `must be greater than 0, got ${this.#baseMs}`);
    if (!(this.#maxMs >= this.#baseMs)) {
      throw new InvalidInputError('maxMs', `must be at least baseMs (${this.#baseMs}), got ${this.#maxMs}`);
    }
  }

  when(key: string): number {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    return Math.min(this.#maxMs, this.#baseMs * 2 ** n);
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** Options of {@link BucketRateLimiter}. */
export interface BucketOptions {
  /** Sustained retries per second over all items. @default 10 (controller-runtime's) */
  qps?: number;
  /** Retries allowed at once above `qps`. @default 100 (controller-runtime's) */
  burst?: number;
  /** Time source. @default the system clock */
  clock?: Clock;
}

/** One token bucket over all items: each retry takes a token; without one it waits for the next. */
export class BucketRateLimiter implements RateLimiter {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(options: BucketOptions = {}) {
    this.#qps = options.qps ?? 10;
    this.#burst = options.burst ?? 100;
    this.#clock = options.clock ?? systemClock;
    if (!(this.#qps > 0)) throw new InvalidInputError('qps', `must be greater than 0, got ${this.#qps}`);
    if (!(this.#burst >= 1)) throw new InvalidInputError('burst', `must be at least 1, got ${this.#burst}`);
    this.#tokens = this.#burst;
    this.#last = this.#clock.now();
  }

  when(): number {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#qps);
    this.#last = now;
    this.#tokens -= 1; // reserve: a negative balance is a queue of waiting retries
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.#qps) * 1000;
  }

  forget(): void {}

  retries(): number {
    return 0;
  }
}

/** The longest delay of several limiters (each counts every retry). */
export class MaxOfRateLimiter implements RateLimiter {
  readonly #limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    if (limiters.length === 0) throw new InvalidInputError('limiters', 'MaxOfRateLimiter needs at least one limiter');
    this.#limiters = limiters;
  }

  when(key: string): number {
    return Math.max(...this.#limiters.map((l) => l.when(key)));
  }

  forget(key: string): void {
    for (const l of this.#limiters) l.forget(key);
  }

  retries(key: string): number {
    return Math.max(...this.#limiters.map((l) => l.retries(key)));
  }
}

/** Options of {@link defaultControllerRateLimiter}. */
export interface DefaultRateLimiterOptions extends ExponentialFailureOptions {
  /** The overall token bucket; `false` for none. @default { qps: 10, burst: 100 } (controller-runtime's) */
  bucket?: false | Omit<BucketOptions, 'clock'>;
  /** Time source of the bucket. @default the system clock */
  clock?: Clock;
}

/**
 * controller-runtime's default: per-item exponential backoff (5 ms doubling to 1000 s), and an
 * overall token bucket (10 retries/s, burst 100) so many failing items cannot flood the server.
 */
export function defaultControllerRateLimiter(options: DefaultRateLimiterOptions = {}): RateLimiter {
  const perItem = new ExponentialFailureRateLimiter(options);
  if (options.bucket === false) return perItem;
  return new MaxOfRateLimiter(perItem, new BucketRateLimiter({ ...options.bucket, clock: options.clock }));
}
