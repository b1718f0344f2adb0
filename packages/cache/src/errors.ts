/**
 * The cache's errors. Each has a readonly literal `reason` and keeps its `cause`; test for them with
 * the `isXxx(e)` helpers, which check `reason` (not `instanceof`).
 */

/** Every `reason` a cache error can have. */
export type CacheErrorReason =
  | 'CacheSyncFailed'
  | 'CacheSyncTimeout'
  | 'InformerStopped'
  | 'CacheNotStarted'
  | 'MissingInformer';

/** Base of the errors this package throws. */
export abstract class CacheError extends Error {
  /** What went wrong, as a literal. */
  abstract readonly reason: CacheErrorReason;
}

/**
 * An informer cannot sync because the server refused its list or watch with an error that
 * retrying will not fix by itself (403 Forbidden, 401, a kind the server does not serve, a bad
 * selector). `cause` is the client's typed error. Thrown at once by `waitForSync` and by reads; the
 * informer itself keeps retrying with backoff, so it recovers if, say, RBAC is granted later.
 */
export class CacheSyncError extends CacheError {
  override readonly name = 'CacheSyncError';
  readonly reason = 'CacheSyncFailed';
  constructor(
    /** The kind (and scope) of the informer, e.g. `Widget.test.kubekit.dev/v1 in ns-1`. */
    readonly informer: string,
    cause: unknown,
  ) {
    super(`informer ${informer} cannot sync: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** `waitForSync` gave up after its `timeout`. `cause` is the informer's last error, if any. */
export class CacheSyncTimeoutError extends CacheError {
  override readonly name = 'CacheSyncTimeoutError';
  readonly reason = 'CacheSyncTimeout';
  constructor(
    readonly informer: string,
    readonly timeoutMs: number,
    cause: unknown,
  ) {
    super(`informer ${informer} did not sync within ${timeoutMs} ms`, { cause });
  }
}

/** The informer was stopped (released, or its cache stopped) before it synced. */
export class InformerStoppedError extends CacheError {
  override readonly name = 'InformerStoppedError';
  readonly reason = 'InformerStopped';
  constructor(readonly informer: string) {
    super(`informer ${informer} is stopped`);
  }
}

/** A read from an {@link InformerCache} that has not been started. */
export class CacheNotStartedError extends CacheError {
  override readonly name = 'CacheNotStartedError';
  readonly reason = 'CacheNotStarted';
  constructor() {
    super('the informer cache is not started: call cache.start(signal) first');
  }
}

/** A read of a kind without an informer, from a cache in strict mode (`failOnMissingInformer`). */
export class MissingInformerError extends CacheError {
  override readonly name = 'MissingInformerError';
  readonly reason = 'MissingInformer';
  constructor(readonly kind: string) {
    super(`no informer for ${kind} and the cache was built with failOnMissingInformer`);
  }
}

function hasReason(e: unknown, reason: CacheErrorReason): boolean {
  return typeof e === 'object' && e !== null && (e as { reason?: unknown }).reason === reason;
}

/** Whether `e` is a {@link CacheSyncError}. */
export function isCacheSyncError(e: unknown): e is CacheSyncError {
  return hasReason(e, 'CacheSyncFailed');
}

/** Whether `e` is a {@link CacheSyncTimeoutError}. */
export function isCacheSyncTimeout(e: unknown): e is CacheSyncTimeoutError {
  return hasReason(e, 'CacheSyncTimeout');
}

/** Whether `e` is an {@link InformerStoppedError}. */
export function isInformerStopped(e: unknown): e is InformerStoppedError {
  return hasReason(e, 'InformerStopped');
}

/** Whether `e` is a {@link MissingInformerError}. */
export function isMissingInformer(e: unknown): e is MissingInformerError {
  return hasReason(e, 'MissingInformer');
}
