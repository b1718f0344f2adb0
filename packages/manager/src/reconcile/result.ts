import { InvalidInputError } from '@kubekit/core';

/**
 * What a reconcile asks for next, made by the named constructors: {@link Result.done},
 * {@link Result.requeueAfter}, {@link Result.requeue}. A reconciler that returns nothing is done.
 *
 * ```ts
 * return Result.requeueAfter(30_000); // look again in 30 s, whatever happens meanwhile
 * ```
 */
export class Result {
  static readonly #done = new Result('done', 0);
  static readonly #requeue = new Result('requeue', 0);
  /** `'done'`: nothing more; `'requeueAfter'`: again after `afterMs`; `'requeue'`: again after the item's backoff. */
  readonly action: 'done' | 'requeue' | 'requeueAfter';
  /** The delay of `'requeueAfter'`, in ms (0 for the other actions). */
  readonly afterMs: number;

  private constructor(action: Result['action'], afterMs: number) {
    this.action = action;
    this.afterMs = afterMs;
  }

  /** The object is as it should be; reconcile again only when a watched event says so. */
  static done(): Result {
    return Result.#done;
  }

  /**
   * Reconcile again after `ms` (e.g. to poll something outside the cluster); resets the item's
   * backoff. A watched event before then reconciles earlier, as usual.
   */
  static requeueAfter(ms: number): Result {
    if (!Number.isFinite(ms) || ms < 0) throw new InvalidInputError('requeueAfter', `needs ms >= 0, got ${ms}`);
    return new Result('requeueAfter', ms);
  }

  /** Reconcile again after the item's backoff (5 ms doubling up to 1000 s), as after an error, without logging one. */
  static requeue(): Result {
    return Result.#requeue;
  }
}
