import { type BackoffDelays, backoffDelayMs, type Clock, InvalidInputError, TokenBucket } from '@kubekit/core';

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

/**
 * Options of {@link ExponentialFailureRateLimiter}: `@kubekit/core`'s {@link BackoffDelays}, with
 * controller-runtime's defaults.
 */
export interface ExponentialFailureOptions extends BackoffDelays {
  /** The first retry's delay. @default 5 (controller-runtime's) */
  initialMs?: number;
  /** The longest delay. @default 1_000_000 (1000 s, controller-runtime's) */
  maxMs?: number;
  /** Growth per failure. @default 2 */
  factor?: number;
}

/** Per-item exponential backoff: `initialMs * factor^failures`, capped at `maxMs` (core's `backoffDelayMs`). */
export class ExponentialFailureRateLimiter implements RateLimiter {
  readonly #failures = new Map<string, number>();
  readonly #delays: Required<BackoffDelays>;

  constructor(options: ExponentialFailureOptions = {}) {
    this.#delays = {
      initialMs: options.initialMs ?? 5,
      maxMs: options.maxMs ?? 1_000_000,
      factor: options.factor ?? 2,
    };
    const { initialMs } = this.#delays;
    if (!(initialMs > 0)) throw new InvalidInputError('initialMs', `must be greater than 0, got ${initialMs}`);
    backoffDelayMs(0, this.#delays); // checks maxMs and factor now, not at the first failure
  }

  when(key: string): number {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    return backoffDelayMs(n, this.#delays);
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

/**
 * One token bucket over all items (`@kubekit/core`'s {@link TokenBucket}): each retry takes a
 * token; without one it waits for the next.
 */
export class BucketRateLimiter implements RateLimiter {
  readonly #bucket: TokenBucket;

  constructor(options: BucketOptions = {}) {
    const qps = options.qps ?? 10;
    const burst = options.burst ?? 100;
    if (!(qps > 0)) throw new InvalidInputError('qps', `must be greater than 0, got ${qps}`);
    if (!(burst >= 1)) throw new InvalidInputError('burst', `must be at least 1, got ${burst}`);
    this.#bucket = new TokenBucket({ qps, burst, ...(options.clock && { clock: options.clock }) });
  }

  when(): number {
    return this.#bucket.reserve(); // a negative balance is a queue of waiting retries
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
