/**
 * The cache's errors. Each has a readonly literal `reason`, a `retryable` flag, and keeps its
 * `cause`; test for them with the `isXxx(e)` helpers, which check `reason` (not `instanceof`). Bad
 * arguments (an index name taken twice, a list by an unknown index) throw the client's
 * `InvalidInputError`, naming the argument.
 */
import { KubekitError } from '@kubekit/core';
import { hasReason } from '@kubekit/core/internal';

/** Every `reason` a cache error can have. */
export type CacheErrorReason =
  | 'CacheSyncFailed'
  | 'CacheSyncTimeout'
  | 'InformerStopped'
  | 'CacheNotStarted'
  | 'CacheStarted'
  | 'MissingInformer';

/** Base of the errors this package throws: a `KubekitError` of `@kubekit/core` with a cache `reason`. */
export abstract class CacheError extends KubekitError {
  /** What went wrong, as a literal. */
  abstract override readonly reason: CacheErrorReason;
}

/**
 * An informer cannot sync because the server refused its list or watch with an error that
 * retrying will not fix by itself (403 Forbidden, 401, a kind the server does not serve, a bad
 * selector). `cause` is the client's typed error. Thrown at once by `waitForSync` and by reads; the
 * informer itself keeps retrying with backoff, so it recovers if, say, RBAC is granted later.
 */
export class CacheSyncError extends CacheError {
  /** The class name, `'CacheSyncError'`: what logs and stack traces start with. */
  override readonly name = 'CacheSyncError';
  readonly reason = 'CacheSyncFailed';
  readonly retryable = false;
  constructor(
    /** The kind (and scope) of the informer, e.g. `Widget.test.kubekit.dev/v1 in ns-1`. */
    readonly informer: string,
    cause: unknown,
  ) {
    super(`informer ${informer} cannot sync: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** `waitForSync` gave up after its `timeout`. `cause` is the informer's last error, if any. Retryable: waiting longer may succeed. */
export class CacheSyncTimeoutError extends CacheError {
  /** The class name, `'CacheSyncTimeoutError'`: what logs and stack traces start with. */
  override readonly name = 'CacheSyncTimeoutError';
  readonly reason = 'CacheSyncTimeout';
  readonly retryable = true;
  constructor(
    /** The name of the informer that did not sync. */
    readonly informer: string,
    /** How long `waitForSync` waited, in ms. */
    readonly timeoutMs: number,
    cause: unknown,
  ) {
    const last = cause === undefined ? '' : `; last error: ${cause instanceof Error ? cause.message : String(cause)}`;
    super(`informer ${informer} did not sync within ${timeoutMs} ms${last}`, { cause });
  }
}

/** The informer was stopped (released, or its cache stopped) before it synced. Not retryable. */
export class InformerStoppedError extends CacheError {
  /** The class name, `'InformerStoppedError'`: what logs and stack traces start with. */
  override readonly name = 'InformerStoppedError';
  readonly reason = 'InformerStopped';
  readonly retryable = false;
  constructor(
    /** The name of the informer that stopped. */
    readonly informer: string,
    /** The error that led to this one, kept as `cause`, when there is one. */
    options: { cause?: unknown } = {},
  ) {
    super(`informer ${informer} is stopped`, options);
  }
}

/** A read from an {@link InformerCache} that has not been started. Not retryable until `start`. */
export class CacheNotStartedError extends CacheError {
  /** The class name, `'CacheNotStartedError'`: what logs and stack traces start with. */
  override readonly name = 'CacheNotStartedError';
  readonly reason = 'CacheNotStarted';
  readonly retryable = false;
  constructor(options: { cause?: unknown } = {}) {
    super('the informer cache is not started: call cache.start(signal) first', options);
  }
}

/** `start` of an {@link InformerCache} that was started already. Not retryable. */
export class CacheStartedError extends CacheError {
  /** The class name, `'CacheStartedError'`: what logs and stack traces start with. */
  override readonly name = 'CacheStartedError';
  readonly reason = 'CacheStarted';
  readonly retryable = false;
  constructor(options: { cause?: unknown } = {}) {
    super('the informer cache is already started', options);
  }
}

/** A read of a kind without an informer, from a cache in strict mode (`failOnMissingInformer`). Not retryable. */
export class MissingInformerError extends CacheError {
  /** The class name, `'MissingInformerError'`: what logs and stack traces start with. */
  override readonly name = 'MissingInformerError';
  readonly reason = 'MissingInformer';
  readonly retryable = false;
  constructor(
    /** The kind read, as `Kind.apiVersion` (`ConfigMap.v1`). */
    readonly kind: string,
    /** The error that led to this one, kept as `cause`, when there is one. */
    options: { cause?: unknown } = {},
  ) {
    super(`no informer for ${kind} and the cache was built with failOnMissingInformer`, options);
  }
}

/** Whether `e` is a {@link CacheSyncError}. */
export function isCacheSyncError(e: unknown): boolean {
  return hasReason(e, 'CacheSyncFailed');
}

/** Whether `e` is a {@link CacheSyncTimeoutError}. */
export function isCacheSyncTimeout(e: unknown): boolean {
  return hasReason(e, 'CacheSyncTimeout');
}

/** Whether `e` is an {@link InformerStoppedError}. */
export function isInformerStopped(e: unknown): boolean {
  return hasReason(e, 'InformerStopped');
}

/** Whether `e` is a {@link CacheNotStartedError}. */
export function isCacheNotStarted(e: unknown): boolean {
  return hasReason(e, 'CacheNotStarted');
}

/** Whether `e` is a {@link CacheStartedError}. */
export function isCacheStarted(e: unknown): boolean {
  return hasReason(e, 'CacheStarted');
}

/** Whether `e` is a {@link MissingInformerError}. */
export function isMissingInformer(e: unknown): boolean {
  return hasReason(e, 'MissingInformer');
}
