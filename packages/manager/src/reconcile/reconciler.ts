import type { KubeClient } from '@kubekit/client';
import type { Logger } from '@kubekit/core';
import type { Request } from './request.js';
import type { Result } from './result.js';

/** What a reconcile gets besides the request. */
export interface ReconcileContext {
  /**
   * Aborts when the reconcile times out (`reconcileTimeoutMs`); pass it to every call so the
   * reconcile ends promptly.
   */
  readonly signal: AbortSignal;
  /** A logger carrying `controller`, `kind`, `namespace`, `name` and `reconcileID`. */
  readonly log: Logger;
  /** A unique id of this reconcile (also in `log`'s lines). */
  readonly reconcileId: string;
  /** How many times this request was retried since it last succeeded. */
  readonly retries: number;
  /**
   * The client to read and write with: the controller's `client` option (with `controllerFor(mgr,
   * ...)`, `mgr.client`, the cache-backed `CachedClient`). Typed {@link KubeClient}, so a reconciler
   * written against it runs on a `FakeClient` in a unit test.
   */
  readonly client: KubeClient;
}

/** What a reconcile returns: a {@link Result}, or nothing for `Result.done()`. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets a reconciler be an `async` function that returns nothing
export type ReconcileReturn = Result | undefined | void;

/**
 * Makes the cluster match one object's wishes. Called with a request (namespace and name), never
 * with the object or the event: read the current state, act, return. Throwing requeues with
 * per-item backoff; a `TerminalError` does not requeue. Must be idempotent.
 */
export interface Reconciler {
  /** Reconciles the object `request` names: read the current state, act, return what to do next. */
  reconcile(request: Request, context: ReconcileContext): Promise<ReconcileReturn> | ReconcileReturn;
}

/** A reconciler written as a function. */
export type ReconcileFunc = Reconciler['reconcile'];

/** A {@link Reconciler} object or a {@link ReconcileFunc}. */
export type ReconcilerLike = Reconciler | ReconcileFunc;
