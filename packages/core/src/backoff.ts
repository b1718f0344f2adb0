import { type Clock, systemClock } from './clock.js';
import { InvalidInputError } from './errors.js';

/**
 * How delays grow after failures: `initialMs * factor^attempt`, capped at `maxMs`. The one set of
 * names every kubekit backoff uses (the reflector's, the work queue's per-item limiter, the
 * client's request retries).
 */
export interface BackoffDelays {
  /** First delay. @default 800 */
  initialMs?: number;
  /** Largest delay. @default 30_000 */
  maxMs?: number;
  /** Growth per failure. @default 2 */
  factor?: number;
}

/** Options of {@link Backoff}. */
export interface BackoffOptions extends BackoffDelays {
  /** Random spread: a delay `d` becomes one in `[d * (1 - jitter), d]`. @default 0.2 */
  jitter?: number;
  /**
   * After this long without a failure, the next delay starts from `initialMs` again.
   * @default 120_000
   */
  resetAfterMs?: number;
  /** Time source of `resetAfterMs`. @default the system clock */
  clock?: Clock;
  /** Random numbers in `[0, 1)` for the jitter (tests pass a constant). @default Math.random */
  random?: () => number;
}

/** Default of {@link BackoffDelays.initialMs}. */
const DEFAULT_INITIAL_MS = 800;
/** Default of {@link BackoffDelays.maxMs}. */
const DEFAULT_MAX_MS = 30_000;
/** Default of {@link BackoffDelays.factor}. */
const DEFAULT_FACTOR = 2;
/** Default of {@link BackoffOptions.jitter}. */
const DEFAULT_JITTER = 0.2;
/** Default of {@link BackoffOptions.resetAfterMs}. */
const DEFAULT_RESET_AFTER_MS = 120_000;

/** {@link BackoffDelays} filled in and checked. */
function resolveDelays(options: BackoffDelays): Required<BackoffDelays> {
  const initialMs = options.initialMs ?? DEFAULT_INITIAL_MS;
  const maxMs = options.maxMs ?? DEFAULT_MAX_MS;
  const factor = options.factor ?? DEFAULT_FACTOR;
  if (!(initialMs >= 0)) throw new InvalidInputError('initialMs', `must be at least 0, got ${initialMs}`);
  if (!(maxMs >= initialMs)) {
    throw new InvalidInputError('maxMs', `must be at least initialMs (${initialMs}), got ${maxMs}`);
  }
  if (!(factor >= 1)) throw new InvalidInputError('factor', `must be at least 1, got ${factor}`);
  return { initialMs, maxMs, factor };
}

/**
 * The delay after failure number `attempt` (0 for the first): `initialMs * factor^attempt`,
 * capped at `maxMs`. No jitter, no state: callers that count failures themselves (per work-queue
 * item, per request) use this; {@link Backoff} counts for you.
 * @throws {@link InvalidInputError} naming the option when `initialMs`, `maxMs` or `factor` is out of range.
 */
export function backoffDelayMs(attempt: number, delays: BackoffDelays = {}): number {
  const { initialMs, maxMs, factor } = resolveDelays(delays);
  return Math.min(maxMs, initialMs * factor ** attempt);
}

/**
 * Exponential backoff with jitter and a reset after a healthy period, on an injected clock.
 * `next()` gives the delay to wait after a failure.
 * @throws {@link InvalidInputError} naming the option when one is out of range.
 */
export class Backoff {
  readonly #delays: Required<BackoffDelays>;
  readonly #jitter: number;
  readonly #resetAfterMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  #attempt = 0;
  #lastFailure: number | undefined;

  constructor(options: BackoffOptions = {}) {
    this.#delays = resolveDelays(options);
    this.#jitter = options.jitter ?? DEFAULT_JITTER;
    this.#resetAfterMs = options.resetAfterMs ?? DEFAULT_RESET_AFTER_MS;
    if (!(this.#jitter >= 0 && this.#jitter <= 1)) {
      throw new InvalidInputError('jitter', `must be between 0 and 1, got ${this.#jitter}`);
    }
    if (!(this.#resetAfterMs >= 0)) {
      throw new InvalidInputError('resetAfterMs', `must be at least 0, got ${this.#resetAfterMs}`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
  }

  /** The delay before the next attempt, in ms; grows with each call until a reset. */
  next(): number {
    const now = this.#clock.now();
    if (this.#lastFailure !== undefined && now - this.#lastFailure >= this.#resetAfterMs) this.#attempt = 0;
    this.#lastFailure = now;
    const { initialMs, maxMs, factor } = this.#delays;
    const base = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (1 - this.#jitter * this.#random()));
  }

  /** Starts again from `initialMs`. */
  reset(): void {
    this.#attempt = 0;
    this.#lastFailure = undefined;
  }
}
