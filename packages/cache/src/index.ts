/**
 * `@kubekit/cache`: the informer cache. Data flows reflector -> store -> informer handlers:
 *
 * - {@link Reflector} lists (in pages) and watches one kind in one scope, keeping a {@link Store}
 *   equal to the server through 410 Gone (relist and reconcile), network errors and stalled watches.
 * - {@link Store}: objects by `namespace/name`, a namespace index and named indexes; read-only
 *   shared objects (frozen outside production), a transform before storing.
 * - {@link SharedInformer}: a reflector and its store plus handlers, each with its own queue.
 * - {@link InformerCache}: informers per kind created on first use, reads served from their stores
 *   (the client's `Reader`).
 * - {@link CachedClient}: the client a controller uses — reads from the cache, writes to the API
 *   server, with read-your-writes and fallbacks to direct reads.
 *
 * Keys, selectors, resourceVersion comparison, backoff and the logger are `@kubekit/core`'s
 * (`keyOf`, `parseLabelSelector`, `compareResourceVersions`, `Backoff`, `Logger`).
 *
 * Start with {@link InformerCache}; see docs/cache.md.
 *
 * @packageDocumentation
 * @module @kubekit/cache
 */
export type {
  GetInformerOptions,
  InformerCacheOptions,
  InformerLease,
  KindScope,
} from './cache/informerCache.js';
export { InformerCache } from './cache/informerCache.js';
export type { CachedGetOptions, CachedListOptions } from './client/cachedClient.js';
export { CachedClient } from './client/cachedClient.js';
export type {
  CachedClientCounters,
  CachedClientEvent,
  FallbackReason,
  ReadVerb,
} from './client/cachedClientMetrics.js';
export { type CachedClientMetrics, FALLBACK_REASONS } from './client/cachedClientMetrics.js';
export type { CachedClientOptions } from './client/cachedClientOptions.js';
export {
  DEFAULT_DIRECT_READ_CACHE_MAX,
  DEFAULT_DIRECT_READ_CACHE_TTL_MS,
  DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS,
} from './defaults.js';
export type { CacheErrorReason } from './errors.js';
export {
  CacheError,
  CacheNotStartedError,
  CacheStartedError,
  CacheSyncError,
  CacheSyncTimeoutError,
  InformerStoppedError,
  isCacheNotStarted,
  isCacheStarted,
  isCacheSyncError,
  isCacheSyncTimeout,
  isInformerStopped,
  isMissingInformer,
  MissingInformerError,
} from './errors.js';
export type {
  HandlerLag,
  InformerEvent,
  InformerHandler,
  InformerStatus,
  InformerStatusEvent,
  SharedInformerOptions,
  SubscribeOptions,
  WaitForSyncOptions,
} from './informer/sharedInformer.js';
export { SharedInformer } from './informer/sharedInformer.js';
export type { ListerWatcher, ShardScope, WatchScope } from './reflector/listerWatcher.js';
export { clientListerWatcher } from './reflector/listerWatcher.js';
export type {
  ReflectorEvent,
  ReflectorOptions,
  ReflectorPhase,
  ReflectorStatus,
} from './reflector/reflector.js';
export { Reflector } from './reflector/reflector.js';
export type {
  IndexFunc,
  StoreChange,
  StoreListOptions,
  StoreOptions,
  StoreReader,
  StoreReplacement,
  StoreWriter,
} from './store/store.js';
export { Store } from './store/store.js';
export type { Transform } from './store/transform.js';
export { dropManagedFields } from './store/transform.js';
