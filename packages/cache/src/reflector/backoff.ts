import type { Clock } from '@kubekit/core';

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First delay. @default 800 */
  initialMs?: number;
  /** Largest delay. @default 30_000 */
  maxMs?: number;
  /** Growth per failure. @default 2 */
  factor?: number;
  /** Random spread: a delay `d` becomes one in `[d * (1 - jitter), d]`. @default 0.2 */
  jitter?: number;
  /** After this long without a failure, the next delay starts from `initialMs` again. @default 120_000 */
  resetAfterMs?: number;
}

/** {@link BackoffOptions} with every default filled in. */
export type ResolvedBackoffOptions = Required<BackoffOptions>;

/** Fills in the defaults of {@link BackoffOptions}. */
export function resolveBackoffOptions(options: BackoffOptions = {}): ResolvedBackoffOptions {
  return {
    initialMs: options.initialMs ?? 800,
    maxMs: options.maxMs ?? 30_000,
    factor: options.factor ?? 2,
    jitter: options.jitter ?? 0.2,
    resetAfterMs: options.resetAfterMs ?? 120_000,
  };
}

/**
 * Exponential backoff with jitter and a reset after a healthy period, on an injected clock.
 * `next()` gives the delay to wait after a failure.
 */
export class Backoff {
  readonly #options: ResolvedBackoffOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  #attempt = 0;
  #lastFailure: number | undefined;

  constructor(clock: Clock, options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#options = resolveBackoffOptions(options);
    this.#clock = clock;
    this.#random = random;
  }

  /** The delay before the next attempt, in ms; grows with each call until a reset. */
  next(): number {
    const now = this.#clock.now();
    if (this.#lastFailure !== undefined && now - this.#lastFailure >= this.#options.resetAfterMs) this.#attempt = 0;
    this.#lastFailure = now;
    const { initialMs, maxMs, factor, jitter } = this.#options;
    const base = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (1 - jitter * this.#random()));
  }

  /** Starts again from `initialMs`. */
  reset(): void {
    this.#attempt = 0;
    this.#lastFailure = undefined;
  }
}
